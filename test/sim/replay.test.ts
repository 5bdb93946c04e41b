import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadArch } from '../../src/arch/loader.ts';
import type { ArchConfig } from '../../src/arch/schema.ts';
import { AnalyticDram } from '../../src/dram/analytic.ts';
import { replaySync } from '../../src/sim/replay.ts';
import { dramTotal, dramWrite, type ReplayResult } from '../../src/sim/stats.ts';
import { trace } from '../helpers.ts';
import { dataflowNames } from '../../src/arch/vocabulary.ts';
import fc from 'fast-check';

const edge = loadArch(new URL('../../arch-configs/edge.yaml', import.meta.url).pathname);

function run(model: string, rule: string, capacity: number, block = 1024, batch = 4, change: Partial<ArchConfig> = {}): ReplayResult {
  const t = trace(model, rule, { batch });
  const arch: ArchConfig = {
    ...edge.config,
    buffer: { ...edge.config.buffer, capacity, block },
    residency: { ...edge.config.residency, fuse_adjacent: false },
    ...change,
  };
  return replaySync({ header: t.header, arch, archHash: edge.hash, dram: new AnalyticDram(25.6, 100, 4e-12) }, t.events);
}

test('conservation: requested = on-chip + DRAM-direct, in total and per role, for every lowering and residency', () => {
  const variants: Partial<ArchConfig>[] = [
    { lowering: 'streaming' },
    { lowering: 'tiled', dataflow: 'output-stationary' },
    { residency: { fuse_adjacent: true, pin: ['saved_activation', 'bn_state'], pin_capacity: 256 * 1024, bypass: ['optimizer_state'] } },
  ];
  for (const rule of ['bp', 'asap', 'dfa', 'kp']) {
    for (const [capacity, change] of [0, 64 * 1024, 1 << 20].flatMap((c) => variants.map((v) => [c, v] as const))) {
      if ((change.residency?.pin_capacity ?? 0) > capacity) continue;
      const r = run('resnet18', rule, capacity, 1024, 4, change);
      for (const t of [r.totals, ...Object.values(r.byRole)]) {
        assert.equal(t!.requestedRead, t!.onChipRead + t!.dramRead);
        assert.equal(t!.requestedWrite, t!.onChipWrite + t!.dramDirectWrite);
      }
      // and the per-layer counters add up to the totals
      const sum = r.byLayer.reduce((a, l) => a + dramTotal(l.traffic), r.drain.dramBytes);
      assert.equal(sum, dramTotal(r.totals));
    }
  }
});

test('monotonicity: DRAM bytes never rise when the buffer grows (LRU, equal blocks, every dataflow)', () => {
  for (const rule of ['bp', 'asap:4']) {
    for (const dataflow of dataflowNames) {
      for (const fuse_adjacent of [false, true]) {
        let previous = Infinity;
        for (let capacity = 0; capacity <= 64 << 20; capacity = capacity === 0 ? 16 * 1024 : capacity * 4) {
          const bytes = dramTotal(
            run('resnet18', rule, capacity, 1024, 4, { dataflow, residency: { fuse_adjacent, pin: [], pin_capacity: 0, bypass: [] } }).totals,
          );
          assert.ok(bytes <= previous, `${rule} ${dataflow}: ${capacity} B buffer sends ${bytes} > ${previous}`);
          previous = bytes;
        }
      }
    }
  }
});

test('monotonicity holds for random capacities and block sizes (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 4096 }), fc.constantFrom(256, 1024, 4096), (a, b, block) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return dramTotal(run('convnet', 'bp', hi * block, block, 2).totals) <= dramTotal(run('convnet', 'bp', lo * block, block, 2).totals);
    }),
    { numRuns: 20 },
  );
});

test('limits: zero capacity sends every access to DRAM; a buffer above the working set sends only compulsory traffic', () => {
  const zero = run('resnet18', 'bp', 0);
  assert.equal(zero.totals.dramRead, zero.totals.requestedRead);
  assert.equal(zero.totals.dramDirectWrite, zero.totals.requestedWrite);
  assert.equal(zero.totals.onChipRead + zero.totals.onChipWrite + zero.totals.writeback, 0);

  const t = trace('resnet18', 'bp');
  const huge = run('resnet18', 'bp', 1 << 30);
  const hugeFused = run('resnet18', 'bp', 1 << 30, 1024, 4, { residency: { fuse_adjacent: true, pin: [], pin_capacity: 0, bypass: [] } });
  assert.equal(dramTotal(hugeFused.totals), dramTotal(huge.totals));
  // Compulsory: each persistent tensor and input read once from DRAM, each written persistent tensor written back once.
  const persistentRead = new Map<string, number>();
  const persistentWritten = new Map<string, number>();
  for (const e of t.events) {
    for (const r of e.reads) if (r.persistent || r.role === 'label' || r.id === 'input') if (!persistentWritten.has(r.id)) persistentRead.set(r.id, r.bytes);
    for (const w of e.writes) if (w.persistent) persistentWritten.set(w.id, w.bytes);
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  assert.equal(huge.totals.dramRead, sum(persistentRead));
  assert.equal(dramWrite(huge.totals), sum(persistentWritten));
});

test('time: a step takes at least its compute and at least its DRAM bytes at peak bandwidth', () => {
  const r = run('resnet18', 'bp', 512 * 1024);
  assert.ok(r.time.totalNs >= r.time.computeNs);
  assert.ok(r.time.totalNs >= dramTotal(r.totals) / 25.6);
  assert.ok(r.energy.totalJ > 0 && r.energy.dramJ > 0);
});
