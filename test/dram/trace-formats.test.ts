import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceFileSource, TraceWriter, parseFormat, TRACE_FORMATS } from '../../src/sim/dram/trace-formats.ts';
import { UserError } from '../../src/util/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-trace-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function readAll(file: string, fmt: (typeof TRACE_FORMATS)[number]) {
  const src = new TraceFileSource(file, fmt);
  const out: { addr: number; write: boolean; arrival: number }[] = [];
  while (src.next()) out.push({ addr: src.addr, write: src.write, arrival: src.arrival });
  return out;
}

test('each format parses its own syntax: hex/decimal, case, blank lines, comments, CRLF, no final newline', () => {
  const f1 = join(dir, 'a.trc');
  writeFileSync(f1, '# header\n0x1F3C0 READ 12\r\n\n  0x40 write 13\n64 READ 20');
  assert.deepEqual(readAll(f1, 'dramsim3'), [
    { addr: 0x1f3c0, write: false, arrival: 12 },
    { addr: 0x40, write: true, arrival: 13 },
    { addr: 64, write: false, arrival: 20 },
  ]);
  const f2 = join(dir, 'b.trc');
  writeFileSync(f2, '0x1F3C0 R\n0xabc W\n');
  assert.deepEqual(readAll(f2, 'ramulator'), [
    { addr: 0x1f3c0, write: false, arrival: 0 },
    { addr: 0xabc, write: true, arrival: 0 },
  ]);
  const f3 = join(dir, 'c.trc');
  writeFileSync(f3, 'LD 0x1F3C0\nST 0x200000000\n');
  assert.deepEqual(readAll(f3, 'ramulator2'), [
    { addr: 0x1f3c0, write: false, arrival: 0 },
    { addr: 0x200000000, write: true, arrival: 0 },
  ]);
});

test('a bad line is a one-line UserError naming the file, the line and the expected form', () => {
  const f = join(dir, 'bad.trc');
  writeFileSync(f, '0x40 READ 1\n0x80 FETCH 2\n');
  assert.throws(() => readAll(f, 'dramsim3'), (e: unknown) => e instanceof UserError && e.message === `${f}: line 2: expected "0xADDR READ|WRITE CYCLE"` && e.exitCode === 2);
  assert.throws(() => readAll(f, 'ramulator2'), /line 1: expected "LD\|ST 0xADDR"/);
  assert.throws(() => new TraceFileSource(join(dir, 'missing.trc'), 'dramsim3'), /cannot read the trace/);
  assert.throws(() => parseFormat('dramsim2'), /one of dramsim3, ramulator, ramulator2/);
});

test('writer and reader round-trip in every format, across read-chunk boundaries', () => {
  const n = 120000; // > 1 MiB of text: lines straddle the reader's chunks
  for (const fmt of TRACE_FORMATS) {
    const f = join(dir, `rt-${fmt}.trc`);
    const w = new TraceWriter(f, fmt);
    for (let i = 0; i < n; i++) w.write(i * 64 + (i % 7) * 2 ** 33, i % 3 === 0, i * 2);
    assert.equal(existsSync(f), false, 'the file appears only when closed');
    w.close();
    const back = readAll(f, fmt);
    assert.equal(back.length, n);
    for (const i of [0, 1, 4097, 65535, n - 1]) {
      assert.equal(back[i].addr, i * 64 + (i % 7) * 2 ** 33);
      assert.equal(back[i].write, i % 3 === 0);
      assert.equal(back[i].arrival, fmt === 'dramsim3' ? i * 2 : 0);
    }
  }
  assert.match(readFileSync(join(dir, 'rt-dramsim3.trc'), 'utf8').split('\n')[1], /^0x200000040 READ 2$/);
  assert.match(readFileSync(join(dir, 'rt-ramulator2.trc'), 'utf8').split('\n')[0], /^ST 0x0$/);
});

test('an aborted writer leaves nothing behind', () => {
  const f = join(dir, 'aborted.trc');
  const w = new TraceWriter(f, 'ramulator');
  w.write(0, false, 0);
  w.abort();
  assert.equal(existsSync(f), false);
  assert.deepEqual(readdirSync(dir).filter((x) => x.includes('aborted')), []);
});
