// Class 2, unbounded memory (the readers' and config's part): every reader caps its line, whole-file reads
// are capped (/dev/zero is refused in one line), and buffer sizes are refused above the stated limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLinesSync, readTextFile, MAX_LINE_BYTES } from '../../src/util/lines.ts';
import { loadArch, loadArchText } from '../../src/arch/loader.ts';
import { readTrace } from '../../src/trace/io.ts';
import { readResults } from '../../src/sweep/results.ts';
import { readMetricsFile } from '../../src/report/charts/learning-curves.ts';
import { UserError } from '../../src/util/errors.ts';
import { MAX_BUFFER_BLOCKS, MAX_BUFFER_BYTES, MIN_BLOCK_BYTES } from '../../src/util/limits.ts';
import { TraceFileSource } from '../../src/dram/trace-formats.ts';

const dir = mkdtempSync(join(tmpdir(), 'asapsim-limits-'));
const edge = new URL('../../arch-configs/edge.yaml', import.meta.url).pathname;

test('the line reader returns every line of any text, split at any chunk size, and refuses only over-long lines (property)', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.string({ maxLength: 40, unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, '')),
        { maxLength: 20 },
      ),
      fc.boolean(),
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 1, max: 50 }),
      (lines, end, chunk, max) => {
        const text = lines.join('\n') + (end && lines.length ? '\n' : '');
        const path = join(dir, 'lines.txt');
        writeFileSync(path, text);
        const want = text.split('\n');
        if (want[want.length - 1] === '') want.pop(); // a final newline ends the last line; it does not start one
        const tooLong = want.findIndex((l) => Buffer.byteLength(l) > max);
        try {
          const got = [...readLinesSync(path, chunk, max)].map((l) => l.text);
          assert.equal(tooLong, -1, 'a line over the cap was accepted');
          assert.deepEqual(got, want);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          assert.notEqual(tooLong, -1, (e as Error).message);
          assert.match(e.message, new RegExp(`:${tooLong + 1}: line longer than`));
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('/dev/zero and a line-less file are one-line errors for every reader, not an out-of-memory crash', async () => {
  const big = join(dir, 'big');
  writeFileSync(big, Buffer.alloc(MAX_LINE_BYTES + 10, 'x'));
  for (const path of ['/dev/zero', big]) {
    assert.throws(
      () => loadArch(path),
      (e: unknown) => e instanceof UserError && !e.message.includes('\n'),
      `arch ${path}`,
    );
    await assert.rejects(async () => {
      for await (const _ of readTrace(path)) void _;
    }, UserError);
    assert.throws(() => readResults(path), UserError, `results ${path}`);
    assert.throws(() => readMetricsFile(path), UserError, `metrics ${path}`);
    assert.throws(() => readTextFile(path, 'sweep file', 1 << 20), UserError);
    const src = new TraceFileSource(path, 'dramsim3');
    assert.throws(() => {
      while (src.next());
    }, UserError);
    src.close();
  }
});

test('buffer sizes are refused above the stated limits and accepted inside them (property)', () => {
  const text = (cap: number, block: number) =>
    loadArchText((loadArch(edge).text as string).replace(/capacity: 512 KiB/, `capacity: ${cap} B`).replace(/block: 1 KiB/, `block: ${block} B`), 'g.yaml');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 20 }), (capLog2, blockLog2) => {
      const cap = 2 ** capLog2;
      const block = 2 ** blockLog2;
      const ok = cap <= MAX_BUFFER_BYTES && block >= MIN_BLOCK_BYTES && block <= cap && cap / block <= MAX_BUFFER_BLOCKS;
      try {
        const a = text(cap, block);
        assert.ok(ok, `${cap} / ${block} accepted`);
        assert.equal(a.config.buffer.capacity, cap);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        assert.ok(!ok, `${cap} / ${block}: ${e.message}`);
        assert.match(e.message, /^g\.yaml:\d+: buffer\.(capacity|block): /);
      }
    }),
    { numRuns: 200 },
  );
  assert.throws(() => text(256 * 2 ** 30, 1024), /buffer\.capacity: expected at most 4 GiB/);
  assert.throws(() => text(2 ** 20, 1), /buffer\.block: expected at least 16 B/);
  assert.throws(() => text(2 ** 16, 2 ** 17), /a block larger than the buffer never fits/);
});
