// Figures derived here from the timing parameters alone, then compared with the simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleDram, resolveSpec } from '../../src/dram/index.ts';
import { burstBytes } from '../../src/dram/spec.ts';
import { SeqSource, RandomSource } from './helpers.ts';

const P = 'DDR4-2400-8Gb-x8';

function run(overrides: Record<string, string | number>, src: (burst: number) => import('../../src/dram/request-source.ts').RequestSource) {
  const d = new CycleDram(resolveSpec(P, overrides));
  d.runSource(src(burstBytes(d.spec)));
  return d;
}

test('sequential reads across bank groups reach the bandwidth tCCD_S and tBURST allow', () => {
  const N = 40000;
  // consecutive bursts rotate over the four bank groups: the column command spacing is max(tCCD_S, tBURST)
  const d = run({ refresh: 'none', mapping: 'ro-ba-ra-co-bg-ch' }, (b) => new SeqSource(N, b));
  const t = d.spec.timing;
  const perBurst = Math.max(t.CCD_S, t.BL); // 4 cycles per 64 B
  const expected = N * perBurst + t.RCD + t.CL + t.BL; // first ACT, then back-to-back bursts, then the last data
  const r = d.report();
  assert.ok(Math.abs(r.cycles - expected) / expected < 0.01, `cycles ${r.cycles} vs derived ${expected}`);
  const peak = burstBytes(d.spec) / (perBurst * d.spec.tCK_ns);
  assert.ok(r.bandwidthGBps > 0.99 * peak && r.bandwidthGBps <= peak + 1e-9, `${r.bandwidthGBps} GB/s vs ${peak}`);
});

test('sequential reads within one bank group are paced by tCCD_L', () => {
  const N = 40000;
  // bank-group bits on top: the whole stream stays in bank group 0, rows rotating over its banks
  const d = run({ refresh: 'none', mapping: 'bg-ro-ba-ra-co-ch' }, (b) => new SeqSource(N, b));
  const t = d.spec.timing;
  const expected = N * Math.max(t.CCD_L, t.BL);
  const r = d.report();
  assert.ok(Math.abs(r.cycles - expected) / expected < 0.01, `cycles ${r.cycles} vs derived ${expected}`);
  assert.ok(r.rowHitRate > 0.99);
});

test('refresh costs about tRFC / tREFI of the time', () => {
  const N = 100000;
  const off = run({ refresh: 'none', mapping: 'ro-ba-ra-co-bg-ch' }, (b) => new SeqSource(N, b)).report();
  const on = run({ mapping: 'ro-ba-ra-co-bg-ch' }, (b) => new SeqSource(N, b)).report();
  const t = resolveSpec(P).timing;
  const overhead = on.cycles / off.cycles - 1;
  const theory = t.RFC / t.REFI; // 420 / 9360 = 4.5 %
  // plus, per refresh, closing the open rows (tRP) and re-opening them (tRCD) before data flows again
  const upper = (t.RFC + t.RP + t.RCD + t.CL) / (t.REFI - t.RFC);
  assert.ok(overhead >= theory * 0.95 && overhead <= upper, `overhead ${(overhead * 100).toFixed(2)} % vs tRFC/tREFI ${(theory * 100).toFixed(2)} %`);
  assert.ok(Math.abs(on.refreshes - on.cycles / t.REFI) <= 1, `${on.refreshes} refreshes in ${on.cycles} cycles`);
});

test('uniform random reads are bounded by tFAW and tRRD', () => {
  const N = 30000;
  const d = run({ refresh: 'none' }, (b) => new RandomSource(N, b, 8 * 2 ** 30, 7));
  const t = d.spec.timing;
  const banks = d.spec.org.bankGroups * d.spec.org.banksPerGroup;
  const r = d.report();
  // nearly every request opens a row; ACTs are limited to 4 per tFAW, one per tRRD_S, one per tRC per bank
  const perAct = Math.max(t.FAW / 4, t.RRD_S, t.RC / banks, t.BL);
  const bound = r.commands.ACT * perAct;
  assert.ok(r.rowHitRate < 0.01);
  assert.ok(r.cycles >= bound * 0.99, `cycles ${r.cycles} below the tFAW bound ${bound}`);
  assert.ok(r.cycles <= bound * 1.1, `cycles ${r.cycles} far above the tFAW bound ${bound}: the scheduler wastes ACT slots`);
});

test('a row hit has read latency tCL + tBURST and a closed bank tRCD + tCL + tBURST', () => {
  const d = run({ refresh: 'none', readQueue: 1 }, (b) => new SeqSource(2, b));
  const t = d.spec.timing;
  const r = d.report();
  // first read: ACT at 0, RD at tRCD, data done at tRCD + CL + BL; second: queued at once, waits
  assert.equal(r.cycles, t.RCD + t.CL + t.BL + Math.max(t.CCD_L, t.BL));
  assert.equal(r.rowMisses, 1);
  assert.equal(r.rowHits, 1);
});
