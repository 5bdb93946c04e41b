import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tileGemm, type Gemm } from '../../src/sim/dataflow/dataflow.ts';
import { dataflows } from '../../src/sim/dataflow/index.ts';
import { loadArch } from '../../src/arch/loader.ts';
import type { ArchConfig } from '../../src/arch/schema.ts';
import { AnalyticDram } from '../../src/dram/analytic.ts';
import { replaySync } from '../../src/sim/replay.ts';
import { dramTotal, dramWrite } from '../../src/sim/stats.ts';
import { trace } from '../helpers.ts';
import fc from 'fast-check';

const edge = loadArch(new URL('../../arch-configs/edge.yaml', import.meta.url).pathname);
const gemm = (M: number, N: number, K: number, weight: 'B' | 'C' = 'B'): Gemm => ({ M, N, K, eA: 4, eB: 4, eC: 4, weight });

test('a GEMM that fits is streamed once by every dataflow', () => {
  for (const flow of Object.values(dataflows)) {
    const g = gemm(64, 64, 64);
    const t = tileGemm(g, flow.stationary(g), 1 << 20, 8);
    assert.deepEqual([t.passesA, t.passesB, t.passesC], [1, 1, 1], flow.name);
  }
});

test('each dataflow reads its stationary operand exactly once', () => {
  const g = gemm(128 * 32 * 32, 256, 128 * 9);
  assert.equal(tileGemm(g, 'B', 256 * 1024, 32).passesB, 1);
  assert.equal(tileGemm(g, 'A', 256 * 1024, 32).passesA, 1);
  assert.equal(tileGemm(g, 'C', 256 * 1024, 32).passesC, 1);
});

test('re-reads never rise with capacity (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5000 }),
      fc.integer({ min: 1, max: 600 }),
      fc.integer({ min: 1, max: 5000 }),
      fc.constantFrom<'A' | 'B' | 'C'>('A', 'B', 'C'),
      fc.integer({ min: 0, max: 1 << 22 }),
      fc.integer({ min: 0, max: 1 << 22 }),
      (M, N, K, s, c1, c2) => {
        const [lo, hi] = c1 <= c2 ? [c1, c2] : [c2, c1];
        const a = tileGemm(gemm(M, N, K), s, lo, 16);
        const b = tileGemm(gemm(M, N, K), s, hi, 16);
        return b.passesA <= a.passesA && b.passesB <= a.passesB && b.passesC <= a.passesC;
      },
    ),
  );
});

function replay(rule: string, change: Partial<ArchConfig>) {
  const t = trace('resnet18', rule, { batch: 8 });
  return replaySync({ header: t.header, arch: { ...edge.config, ...change }, archHash: 'test', dram: new AnalyticDram(25.6, 100, 4e-12) }, t.events);
}
const none = { fuse_adjacent: false, pin: [], pin_capacity: 0, bypass: [] };

test('fusing adjacent ops removes DRAM traffic and never adds any', () => {
  for (const rule of ['bp', 'asap']) {
    const plain = dramTotal(replay(rule, { residency: none }).totals);
    const fused = dramTotal(replay(rule, { residency: { ...none, fuse_adjacent: true } }).totals);
    assert.ok(fused < plain, `${rule}: ${fused} < ${plain}`);
  }
});

test('pinning saved activations keeps them off DRAM while they fit; bypass sends a role straight to DRAM', () => {
  const buffer = { ...edge.config.buffer, capacity: 8 << 20 };
  const saved = (r: ReturnType<typeof replay>) => (r.byRole.saved_activation?.dramRead ?? 0) + dramWrite(r.byRole.saved_activation!);
  const lru = replay('bp', { buffer, residency: none });
  const pin = replay('bp', { buffer, residency: { ...none, pin: ['saved_activation'], pin_capacity: 6 << 20 } });
  assert.ok(saved(pin) * 10 < saved(lru), `${saved(pin)} vs ${saved(lru)}`);
  assert.ok(saved(pin) < saved(lru));
  const bypass = replay('bp', { buffer, residency: { ...none, bypass: ['weight'] } });
  const w = bypass.byRole.weight!;
  assert.equal(w.onChipRead + w.onChipWrite, 0);
  assert.equal(w.dramRead, w.requestedRead);
});

test('streaming lowering is a lower bound of tiled lowering on DRAM traffic', () => {
  for (const capacity of [0, 256 * 1024, 4 << 20]) {
    const buffer = { ...edge.config.buffer, capacity };
    const s = dramTotal(replay('bp', { buffer, residency: none, lowering: 'streaming' }).totals);
    const t = dramTotal(replay('bp', { buffer, residency: none, lowering: 'tiled' }).totals);
    assert.ok(s <= t, `${capacity}: ${s} <= ${t}`);
  }
});

test('a separate weight buffer keeps weights out of the global buffer and conserves bytes', () => {
  const buffer = { ...edge.config.buffer, capacity: 1 << 20 };
  const weight_buffer = { capacity: 64 << 20, block: 1024, bandwidth: 512e9, read_energy_per_byte: 1e-12, write_energy_per_byte: 1e-12 };
  const shared = replay('bp', { buffer, residency: none });
  const split = replay('bp', { buffer, residency: none, weight_buffer });
  const w = (r: ReturnType<typeof replay>) => r.byRole.weight!.dramRead;
  assert.ok(w(split) < w(shared));
  for (const t of [split.totals, ...Object.values(split.byRole)]) assert.equal(t!.requestedRead, t!.onChipRead + t!.dramRead);
  assert.ok(split.energy.bufferJ > 0);
});
