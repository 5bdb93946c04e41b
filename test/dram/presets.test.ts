// Closed-form checks per preset, derived from its timing parameters alone: sequential read bandwidth
// against peak x the tCCD/tBURST bound, refresh overhead against tRFC / tREFI, and the first read of a
// closed bank against tRCD + tCL + tBURST.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleDram, listPresets, resolveSpec } from '../../src/dram/index.ts';
import { burstBytes, peakBytesPerNs } from '../../src/dram/spec.ts';
import { SeqSource } from './helpers.ts';

const PRESETS = listPresets().map((p) => p.name);

for (const name of PRESETS) {
  test(`${name}: sequential reads, refresh overhead and first-read latency match their closed forms`, () => {
    const spec = resolveSpec(name);
    const t = spec.timing;
    const burst = burstBytes(spec);
    const N = 40000;
    const run = (o: Record<string, string | number>, n: number) => {
      const d = new CycleDram(resolveSpec(name, { mapping: 'ro-ba-ra-co-bg-ch', ...o }));
      d.runSource(new SeqSource(n, burst));
      return d.report();
    };
    // 1. sequential reads: one burst per max(tCCD_S, tBURST) once the stream runs (bank groups rotate)
    const seq = run({ refresh: 'none' }, N);
    const perBurst = Math.max(t.CCD_S, t.BL);
    const bound = peakBytesPerNs(spec) * (t.BL / perBurst);
    assert.ok(
      seq.bandwidthGBps <= bound + 1e-9 && seq.bandwidthGBps > 0.98 * bound,
      `${seq.bandwidthGBps} GB/s vs peak x tBURST/max(tCCD_S, tBURST) = ${bound}`,
    );
    // 2. refresh: each rank's refresh (one per tREFI) stops its data for tRFC, plus at most re-opening the
    // rows after it; counted per refresh actually made, so a short run's rounding does not matter
    const on = run({}, N * 3);
    const off = run({ refresh: 'none' }, N * 3);
    const overhead = on.cycles / off.cycles - 1;
    const perRank = on.refreshes / (spec.org.channels * spec.org.ranks);
    assert.ok(Math.abs(perRank - Math.floor(on.cycles / t.REFI)) <= 1, `${perRank} refreshes per rank in ${on.cycles} cycles (tREFI ${t.REFI})`);
    const theory = (perRank * t.RFC) / off.cycles;
    const upper = (perRank * (t.RFC + t.RP + t.RCD + t.CL + t.BL)) / off.cycles;
    assert.ok(
      overhead >= 0.9 * theory && overhead <= upper,
      `refresh overhead ${(overhead * 100).toFixed(2)} % vs ${perRank} x tRFC / cycles = ${(theory * 100).toFixed(2)} % (tRFC/tREFI ${((100 * t.RFC) / t.REFI).toFixed(2)} %)`,
    );
    // 3. the first read of a closed bank: ACT, tRCD, RD, tCL, then the burst (tRCD counts from the last
    // cycle of a multi-cycle ACT: HBM's takes two)
    const one = run({ refresh: 'none' }, 1);
    assert.equal(one.cycles, (spec.org.actCycles ?? 1) - 1 + t.RCD + t.CL + t.BL);
  });
}
