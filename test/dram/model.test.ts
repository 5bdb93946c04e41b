// The DramModel face of the cycle model: what the replay sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDram, listPresets, resolveSpec } from '../../src/dram/index.ts';
import { AnalyticDram } from '../../src/dram/analytic.ts';
import { ExportingDram } from '../../src/dram/export.ts';
import { SampledDram } from '../../src/dram/sampled.ts';
import { TraceFileSource } from '../../src/dram/trace-formats.ts';
import { UserError } from '../../src/util/errors.ts';

test('createDram rejects unknown presets and parameters with one-line input errors', () => {
  assert.throws(
    () => createDram({ preset: 'DDR9', mode: 'cycle' }),
    (e: unknown) => e instanceof UserError && /--preset: DDR9: one of DDR4-2400-8Gb-x8/.test(e.message),
  );
  assert.throws(() => createDram({ preset: 'DDR4-2400-8Gb-x8', overrides: { tFOO: 3 }, mode: 'cycle' }), /--set: tFOO: a known parameter/);
  assert.throws(() => createDram({ preset: 'DDR4-2400-8Gb-x8', overrides: { channels: 3 }, mode: 'cycle' }), /channels: a power of two/);
  assert.throws(() => createDram({ preset: 'DDR4-2400-8Gb-x8', overrides: { refresh: 'perbank' }, mode: 'cycle' }), /no per-bank refresh/);
  assert.throws(() => createDram({ preset: 'DDR4-2400-8Gb-x8', overrides: { scheduler: 'magic' }, mode: 'cycle' }), /one of fr-fcfs, fcfs/);
  const d = createDram({ preset: 'ddr4-2400-8gb-x8', overrides: { tCL: 16, CWL: '11' }, mode: 'cycle' });
  assert.equal(d.spec.timing.CL, 16);
  assert.equal(d.spec.timing.CWL, 11);
});

test('serve expands byte ranges into bursts, keeps state across calls and answers in ns', () => {
  const d = createDram({ preset: 'DDR4-2400-8Gb-x8', mode: 'cycle' });
  assert.ok(Math.abs(d.peakBytesPerNs - 19.2) < 1e-9);
  const t1 = d.serve([{ address: 0, bytes: 1 << 20, write: false }], 0);
  const r1 = d.report();
  assert.equal(r1.reads, 16384);
  // 1 MiB at most at peak: 1 MiB / 19.2 GB/s = 54.6 us
  assert.ok(t1 >= (1 << 20) / 19.2 && t1 < (2 * (1 << 20)) / 19.2, `${t1} ns`);
  // an unaligned 100-byte write (8190..8289) touches three bursts
  const t2 = d.serve([{ address: 8190, bytes: 100, write: true }], t1);
  assert.equal(d.report().writes, 3);
  assert.ok(t2 > t1);
  // nothing to do: answers at once
  assert.equal(d.serve([], t2 + 5), t2 + 5);
  // a long idle gap: refresh keeps going (about one REF per tREFI) and time stays monotonic
  const gapNs = 1e6;
  const before = d.report().refreshes;
  const t3 = d.serve([{ address: 0, bytes: 64, write: false }], t2 + gapNs);
  assert.ok(t3 >= t2 + gapNs);
  const refs = d.report().refreshes - before;
  assert.ok(Math.abs(refs - gapNs / 7800) <= 2, `${refs} refreshes in ${gapNs} ns`);
  const s = d.stats();
  assert.equal(s.readBytes, (1 << 20) + 64);
  assert.equal(s.writeBytes, 100);
  assert.ok(s.energyJ > 0 && s.busyNs > 0 && s.busyNs <= t3);
  assert.ok(s.detail && typeof s.detail.rowHits === 'number');
});

test('every preset serves a mixed stream below its peak bandwidth, with energy', () => {
  for (const p of listPresets()) {
    const d = createDram({ preset: p.name, mode: 'cycle' });
    const t = d.serve(
      [
        { address: 0, bytes: 256 << 10, write: false },
        { address: 1 << 24, bytes: 128 << 10, write: true },
      ],
      1000,
    );
    const r = d.report();
    assert.equal(r.bytes, 384 << 10);
    assert.ok(r.bandwidthGBps <= r.peakBandwidthGBps * 1.0001, `${p.name}: ${r.bandwidthGBps} > ${r.peakBandwidthGBps}`);
    assert.ok((384 << 10) / (t - 1000) > 0.3 * r.peakBandwidthGBps, `${p.name}: only ${((384 << 10) / (t - 1000)).toFixed(1)} GB/s of ${r.peakBandwidthGBps}`);
    assert.ok(r.energyJ > 0 && r.energy.readJ > 0 && r.energy.writeJ > 0 && r.energy.backgroundJ > 0, p.name);
    assert.ok(r.rowHitRate > 0.8, `${p.name}: sequential row hit rate ${r.rowHitRate}`);
  }
});

test('closed page closes every row it opens unless a queued request hits it', () => {
  const d = createDram({ preset: 'DDR4-2400-8Gb-x8', overrides: { pagePolicy: 'closed' }, mode: 'cycle' });
  d.serve([{ address: 0, bytes: 64, write: false }], 0);
  d.serve([{ address: 64, bytes: 64, write: false }], 10000);
  const r = d.report();
  assert.equal(r.commands.RDA, 2);
  assert.equal(r.commands.PRE, 0);
  assert.equal(r.rowMisses, 2);
});

test('a read of data still in the write queue is answered from it', () => {
  const d = createDram({ preset: 'DDR4-2400-8Gb-x8', mode: 'cycle' });
  d.serve(
    [
      { address: 4096, bytes: 64, write: true },
      { address: 4096, bytes: 64, write: false },
    ],
    0,
  );
  const r = d.report();
  assert.equal(r.forwardedReads, 1);
  assert.equal(r.commands.RD, 0);
});

test('ExportingDram writes what it forwards, in a format the reader takes back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-export-'));
  try {
    const inner = createDram({ preset: 'DDR4-2400-8Gb-x8', mode: 'cycle' });
    const file = join(dir, 'out.trc');
    const ex = new ExportingDram(inner, file, 'dramsim3', { spec: inner.spec, mode: 'cycle' });
    const t = ex.serve(
      [
        { address: 128, bytes: 200, write: false },
        { address: 0, bytes: 64, write: true },
      ],
      100,
    );
    ex.close();
    assert.ok(t > 100);
    assert.equal(ex.requests, 5);
    assert.deepEqual(readFileSync(file, 'utf8').trim().split('\n'), ['0x80 READ 120', '0xC0 READ 120', '0x100 READ 120', '0x140 READ 120', '0x0 WRITE 120']);
    // replaying the export through a fresh model gives the same DRAM work
    const again = createDram({ preset: 'DDR4-2400-8Gb-x8', mode: 'cycle' });
    again.runSource(new TraceFileSource(file, 'dramsim3'));
    assert.equal(again.report().requests, inner.report().requests);
    assert.equal(again.report().commands.ACT, inner.report().commands.ACT);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ExportingDram over the sampled wrapper (as simulate builds it) cuts bursts and counts cycles of the inner model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-export-'));
  try {
    const file = join(dir, 'out.trc');
    // LPDDR4-3200: 32-byte bursts, tCK 0.625 ns
    const cycle = createDram({ preset: 'LPDDR4-3200', mode: 'cycle' });
    const ex = new ExportingDram(new SampledDram(cycle, 0), file, 'dramsim3', { spec: cycle.spec, mode: 'cycle' });
    ex.serve([{ address: 0, bytes: 128, write: false }], 100);
    ex.close();
    assert.deepEqual(readFileSync(file, 'utf8').trim().split('\n'), ['0x0 READ 160', '0x20 READ 160', '0x40 READ 160', '0x60 READ 160']);
    const side = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    assert.equal(side.preset, 'LPDDR4-3200');
    assert.equal(side.tCK_ns, 0.625);
    assert.equal(side.requestBytes, 32);
    assert.equal(side.requests, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ExportingDram over the analytic model: preset burst and clock, arrivals spread at the stream rate, gzip, size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-export-'));
  try {
    const spec = resolveSpec('LPDDR4-3200'); // 32-byte bursts, tCK 0.625 ns
    // 3.2 GB/s = 3.2 bytes per ns: a 32-byte burst every 10 ns = 16 cycles; stream starts at 100 ns = cycle 160
    const file = join(dir, 'a.trc');
    const ex = new ExportingDram(new AnalyticDram(3.2, 50, 0), file, 'dramsim3', { spec, mode: 'analytic' });
    ex.serve([{ address: 0, bytes: 128, write: false }], 100);
    ex.close();
    assert.deepEqual(readFileSync(file, 'utf8').trim().split('\n'), ['0x0 READ 160', '0x20 READ 176', '0x40 READ 192', '0x60 READ 208']);
    const gz = join(dir, 'a.trc.gz');
    const ez = new ExportingDram(new AnalyticDram(3.2, 50, 0), gz, 'dramsim3', { spec, mode: 'analytic', gzip: true });
    ez.serve([{ address: 0, bytes: 128, write: false }], 100);
    ez.close();
    assert.equal(gunzipSync(readFileSync(gz)).toString('utf8'), readFileSync(file, 'utf8'));
    // past the limit: a one-line refusal and no file
    const big = join(dir, 'big.trc');
    const el = new ExportingDram(new AnalyticDram(3.2, 50, 0), big, 'dramsim3', { spec, mode: 'analytic', limitBytes: 1000 });
    assert.throws(() => el.serve([{ address: 0, bytes: 32 * 4096, write: false }], 0), /passed the --export-limit/);
    el.abort();
    assert.equal(existsSync(big), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
