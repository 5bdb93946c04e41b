import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceFileSource, TraceWriter, parseFormat, TRACE_FORMATS } from '../../src/dram/trace-formats.ts';
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
  assert.throws(
    () => readAll(f, 'dramsim3'),
    (e: unknown) => e instanceof UserError && e.message === `${f}: line 2: expected "0xADDR READ|WRITE|P_MEM_RD|P_MEM_WR CYCLE"` && e.exitCode === 2,
  );
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
  assert.deepEqual(
    readdirSync(dir).filter((x) => x.includes('aborted')),
    [],
  );
});

test('batch reading (one-pass fast path for plain DRAMSim3 lines) yields exactly what next() does, across chunk ends', () => {
  // > 2 MiB of mostly plain lines with odd ones mixed in: lower case, tabs, extra spaces, CRLF, decimal
  // addresses, hex cycles, comments, blank lines, long hex, and lines cut by the 1 MiB chunk boundary
  let x = 12345;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  const lines: string[] = [];
  for (let i = 0; i < 110_000; i++) {
    const a = rnd() * 64;
    const kind = rnd() % 40;
    const op = rnd() & 1 ? 'WRITE' : 'READ';
    if (kind === 0) lines.push(`0x${a.toString(16)} ${op.toLowerCase()} ${i}`);
    else if (kind === 1) lines.push(`0x${a.toString(16)}\t${op}\t${i}`);
    else if (kind === 2) lines.push(`0x${a.toString(16)}  ${op} ${i}  `);
    else if (kind === 3) lines.push(`0x${a.toString(16)} ${op} ${i}\r`);
    else if (kind === 4) lines.push(`${a} ${op} 0x${i.toString(16)}`);
    else if (kind === 5) lines.push('# comment 0x10 READ 1');
    else if (kind === 6) lines.push('');
    else if (kind === 7) lines.push(`0x000000000000${a.toString(16)} ${op} 00000000000000${i}`);
    else lines.push(`0x${a.toString(16).toUpperCase()} ${op} ${i}`);
  }
  const f = join(dir, 'batch.trc');
  writeFileSync(f, lines.join('\n'));
  const expected = readAll(f, 'dramsim3');
  const src = new TraceFileSource(f, 'dramsim3');
  const A = new Float64Array(777);
  const W = new Uint8Array(777);
  const T = new Float64Array(777);
  const got: { addr: number; write: boolean; arrival: number }[] = [];
  for (let n; (n = src.nextBatch(A, W, T)) > 0;) for (let i = 0; i < n; i++) got.push({ addr: A[i], write: W[i] === 1, arrival: T[i] });
  assert.equal(got.length, expected.length);
  assert.deepEqual(got, expected);
  assert.equal(src.lines, lines.length);
  // an error keeps its line number on the batch path
  writeFileSync(f, lines.slice(0, 50_000).join('\n') + '\n0x40 READ\n');
  const bad = new TraceFileSource(f, 'dramsim3');
  assert.throws(
    () => {
      while (bad.nextBatch(A, W, T) > 0);
    },
    (e: unknown) => e instanceof UserError && e.message.includes('line 50001'),
  );
});
