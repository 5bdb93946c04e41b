// The JIT warm-up (controller/warm-up.ts) exists to take every path of the controller before the real run:
// on every preset, open and closed page, its throwaway run must have served reads and writes, answered a
// read from the write queue, hit and missed rows, refreshed among queued requests and skipped idle time in
// closed form. And it must leave no trace: a run after it reports exactly what a run without it does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listPresets, resolveSpec, CycleDram } from '../../src/dram/index.ts';
import { burstBytes, capacityBytes } from '../../src/dram/spec.ts';
import { REF, REFPB, REFSB, RDA, WRA } from '../../src/dram/commands.ts';
import { warmUp } from '../../src/dram/controller/warm-up.ts';
import { RandomSource } from './helpers.ts';

test('the warm-up takes every controller path on every preset, open and closed page', () => {
  for (const p of listPresets()) {
    for (const pagePolicy of ['open', 'closed']) {
      const s = warmUp(resolveSpec(p.name, { pagePolicy }));
      const what = `${p.name} ${pagePolicy} page`;
      assert.ok(s.reads > 0 && s.writes > 0, `${what}: reads and writes`);
      assert.ok(s.forwarded > 0, `${what}: a read answered from the write queue`);
      assert.ok(s.rowConflicts + s.rowMisses > 0, `${what}: row misses`);
      if (pagePolicy === 'open') assert.ok(s.rowHits > 0, `${what}: row hits`);
      else assert.ok(s.cmdCount[RDA] > 0 && s.cmdCount[WRA] > 0, `${what}: auto-precharge reads and writes`);
      assert.ok(s.cmdCount[REF] + s.cmdCount[REFPB] + s.cmdCount[REFSB] - s.idleRefreshes > 0, `${what}: refresh among requests`);
      assert.ok(s.idleRefreshes > 0, `${what}: idle time skipped in closed form`);
    }
  }
});

test('a run after the warm-up reports what a run without it does', () => {
  for (const name of ['DDR4-2400-8Gb-x8', 'HBM2-2Gbps', 'LPDDR5X-8533']) {
    const spec = resolveSpec(name);
    const run = (warm: boolean) => {
      if (warm) warmUp(spec);
      const d = new CycleDram(spec);
      d.runSource(new RandomSource(3000, burstBytes(spec), capacityBytes(spec), 7, 0.5));
      return d.report();
    };
    const cold = run(false);
    assert.deepEqual(run(true), cold, name);
  }
});
