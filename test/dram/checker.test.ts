// Every preset, both schedulers and both page policies, on random traffic with locality: the
// independent checker must find no JEDEC violation in the issued command log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CycleDram, listPresets, resolveSpec } from '../../src/dram/index.ts';
import { checkCommandLog } from '../../src/dram/checker.ts';
import { rowBytes } from '../../src/dram/spec.ts';
import { CommandLog } from '../../src/dram/command-log.ts';
import { ACT, RD } from '../../src/dram/commands.ts';
import { ArraySource } from './helpers.ts';

const presets = listPresets().map((p) => p.name);

function runChecked(preset: string, overrides: Record<string, string | number>, reqs: { addr: number; write: boolean; arrival?: number }[]) {
  const d = new CycleDram(resolveSpec(preset, overrides));
  const log = d.recordCommands();
  d.runSource(new ArraySource(reqs));
  return { d, log, violations: checkCommandLog(d.spec, log) };
}

const request = fc.record({
  region: fc.integer({ min: 0, max: 7 }),
  offset: fc.integer({ min: 0, max: 1 << 14 }),
  write: fc.boolean(),
  gap: fc.integer({ min: 0, max: 40 }),
});

for (const preset of presets) {
  test(`${preset}: random traces obey JEDEC timing (independent checker)`, () => {
    const spec = resolveSpec(preset);
    const row = rowBytes(spec);
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 300 }),
        fc.constantFrom('fr-fcfs', 'fcfs'),
        fc.constantFrom('open', 'closed'),
        fc.constantFrom(...(spec.perBankRefresh ? ['allbank', 'perbank'] : ['allbank'])),
        (reqs, scheduler, pagePolicy, refresh) => {
          let t = 0;
          // a few hot regions, each spanning several rows: hits, misses and conflicts all happen
          const list = reqs.map((r) => ({ addr: (r.region * 977 * row + r.offset * 64) % 2 ** 32, write: r.write, arrival: (t += r.gap) }));
          const { d, violations } = runChecked(
            preset,
            {
              scheduler,
              pagePolicy,
              refresh,
              REFI: 400,
              RFC: Math.min(spec.timing.RFC, 120),
              RFCpb: spec.perBankRefresh ? 40 : 0,
              PBR2PBR: Math.min(spec.timing.PBR2PBR, 20),
            },
            list,
          );
          assert.deepEqual(violations, []);
          const rep = d.report();
          assert.equal(rep.reads + rep.writes, list.length);
          assert.equal(rep.rowHits + rep.rowMisses + rep.rowConflicts, rep.requests - rep.forwardedReads);
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });
}

test('DDR4 two ranks: rank-to-rank switches obey tRTRS on the shared data bus', () => {
  const spec = resolveSpec('DDR4-2400-8Gb-x8', { ranks: 2 });
  const rankStride = (spec.org.columns * spec.org.busWidth) / 8 / (spec.org.columns / spec.org.burstLength); // one burst
  const reqs = Array.from({ length: 2000 }, (_, i) => ({ addr: (i * 7919 * 64) % 2 ** 34, write: i % 3 === 0 }));
  const { violations } = runChecked('DDR4-2400-8Gb-x8', { ranks: 2, mapping: 'ro-ba-bg-co-ra-ch' }, reqs);
  assert.ok(rankStride > 0);
  assert.deepEqual(violations, []);
});

test('the checker catches broken logs', () => {
  const spec = resolveSpec('DDR4-2400-8Gb-x8');
  const log = new CommandLog();
  log.push(0, ACT, 0, 5, 0, 0);
  log.push(spec.timing.RCD - 1, RD, 0, 5, 0, 0); // one cycle too early
  const v = checkCommandLog(spec, log);
  assert.equal(v.length, 1);
  assert.match(v[0].rule, /tRCD/);
  const log2 = new CommandLog();
  for (let i = 0; i < 5; i++) log2.push(i * spec.timing.RRD_L, ACT, [0, 4, 8, 12, 1][i], 1, 0, i); // 5 ACTs in 4 x tRRD_L < tFAW
  assert.ok(checkCommandLog(spec, log2).some((x) => /tFAW/.test(x.rule)));
  const log3 = new CommandLog();
  log3.push(0, ACT, 0, 5, 0, 0);
  log3.push(spec.timing.RCD, RD, 0, 6, 0, 0); // wrong row
  assert.ok(checkCommandLog(spec, log3).some((x) => /row must be open/.test(x.rule)));
});
