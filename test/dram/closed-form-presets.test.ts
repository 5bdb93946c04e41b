// Closed forms every preset must meet (the registry is iterated, so a new preset is covered when it
// registers), each computed here from the preset's timing numbers, never by the model's own helpers:
// 1. sequential reads: peak x tBURST / max(tCCD_S, tBURST), without refresh and with it;
// 2. refresh: a sequential stream loses tRFC per tREFI (all-bank), and a sparse random read waits, on
//    average, (fraction of time its bank is refreshing) x (half a refresh), in every refresh mode the
//    standard has (all-bank, per-bank, same-bank);
// 3. the first read of a closed bank completes at tRCD + tCL + tBURST, and so does every sparse read
//    under closed page without refresh.
// Plus same-bank refresh (DDR5 REFsb): random traces pass the independent checker, which catches
// broken REFsb logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CycleDram, listPresets, resolveSpec } from '../../src/dram/index.ts';
import { checkCommandLog } from '../../src/dram/checker.ts';
import { CommandLog } from '../../src/dram/command-log.ts';
import { ACT, PRE, RD, REFSB } from '../../src/dram/commands.ts';
import type { RequestSource } from '../../src/dram/request-source.ts';
import type { DramSpec } from '../../src/dram/spec.ts';
import { ArraySource, SeqSource, rng } from './helpers.ts';

const PRESETS = listPresets().map((p) => p.name);

const burstOf = (s: DramSpec) => (s.org.busWidth / 8) * s.org.burstLength;
/** Every channel's data bus busy every cycle, GB/s. */
const peakOf = (s: DramSpec) => (s.org.channels * burstOf(s)) / (s.timing.BL * s.tCK_ns);
const capacityOf = (s: DramSpec) => s.org.channels * s.org.ranks * s.org.bankGroups * s.org.banksPerGroup * s.org.rows * ((s.org.columns * s.org.busWidth) / 8);
/** An ACT holding the command bus for several cycles (HBM: two) delays the column command by the extra ones. */
const actExtra = (s: DramSpec) => (s.org.actCycles ?? 1) - 1;

function modesOf(name: string): string[] {
  const s = resolveSpec(name);
  return ['allbank', ...(s.perBankRefresh ? ['perbank'] : []), ...(s.sameBankRefresh === true ? ['samebank'] : [])];
}

/** n reads to uniformly random bursts, arriving `gap` +- gap/2 cycles apart (random phase against refresh). */
class SparseSource implements RequestSource {
  addr = 0;
  write = false;
  arrival = 0;
  private i = 0;
  private readonly r: () => number;
  constructor(
    private readonly n: number,
    private readonly burst: number,
    private readonly bytes: number,
    private readonly gap: number,
    seed: number,
  ) {
    this.r = rng(seed);
  }
  next(): boolean {
    if (this.i++ >= this.n) return false;
    this.addr = Math.floor(this.r() * (this.bytes / this.burst)) * this.burst;
    this.arrival += Math.floor(this.gap / 2 + this.r() * this.gap);
    return true;
  }
}

for (const name of PRESETS) {
  test(`${name}: sequential read bandwidth is peak x tBURST / max(tCCD_S, tBURST), with and without refresh`, () => {
    const spec = resolveSpec(name);
    const t = spec.timing;
    const run = (refresh: string) => {
      const d = new CycleDram(resolveSpec(name, { mapping: 'ro-ba-ra-co-bg-ch', refresh }));
      d.runSource(new SeqSource(60000, burstOf(spec)));
      return d.report().bandwidthGBps;
    };
    const bound = peakOf(spec) * Math.min(1, t.BL / Math.max(t.CCD_S, t.BL));
    const off = run('none');
    // 2 %: the pipeline fill (tRCD + tCL) and a row opening per row, spread over the run
    assert.ok(off <= bound + 1e-9 && off > 0.98 * bound, `refresh off: ${off} GB/s vs bound ${bound}`);
    // all-bank refresh stops a rank for tRFC every tREFI, and re-opening rows after it costs at most tRP + tRCD
    const on = run('allbank');
    const loss = (t.RFC + t.RP + t.RCD) / t.REFI;
    assert.ok(on <= off + 1e-9 && on > (0.98 - loss) * bound, `refresh on: ${on} GB/s vs bound ${bound} x (0.98 - ${loss.toFixed(4)})`);
  });

  test(`${name}: all-bank refresh costs a sequential stream tRFC per tREFI`, () => {
    const spec = resolveSpec(name);
    const t = spec.timing;
    const run = (refresh: string) => {
      const d = new CycleDram(resolveSpec(name, { mapping: 'ro-ba-ra-co-bg-ch', refresh }));
      d.runSource(new SeqSource(120000, burstOf(spec)));
      return d.report();
    };
    const on = run('allbank');
    const off = run('none');
    const perRank = on.refreshes / (spec.org.channels * spec.org.ranks);
    assert.ok(Math.abs(perRank - Math.floor(on.cycles / t.REFI)) <= 1, `${perRank} refreshes per rank in ${on.cycles} cycles (tREFI ${t.REFI})`);
    const overhead = on.cycles / off.cycles - 1;
    const theory = (perRank * t.RFC) / off.cycles;
    const upper = (perRank * (t.RFC + t.RP + t.RCD + t.CL + t.BL)) / off.cycles;
    assert.ok(
      overhead >= 0.9 * theory && overhead <= upper,
      `overhead ${(overhead * 100).toFixed(2)} % vs refreshes x tRFC / cycles ${(theory * 100).toFixed(2)} % (tRFC/tREFI ${((100 * t.RFC) / t.REFI).toFixed(2)} %)`,
    );
  });

  test(`${name}: the first read of a closed bank completes at tRCD + tCL + tBURST`, () => {
    const spec = resolveSpec(name, { refresh: 'none' });
    const d = new CycleDram(spec);
    d.runSource(new SeqSource(1, burstOf(spec)));
    const t = spec.timing;
    // tRCD counts from an ACT's last cycle: HBM's ACT takes two command cycles
    assert.equal(d.report().cycles, actExtra(spec) + t.RCD + t.CL + t.BL);
  });

  for (const refresh of modesOf(name)) {
    test(`${name} (${refresh}): a sparse random read waits (time its bank refreshes) x (half a refresh) on average`, () => {
      const spec = resolveSpec(name);
      const t = spec.timing;
      const o = spec.org;
      const banksPerRank = o.bankGroups * o.banksPerGroup;
      // far apart (beyond tRC and tFAW), so no read waits for another: only refresh delays one
      const gap = 2 * Math.max(t.RC, t.FAW, t.RCD + t.CL + t.BL + t.RTP + t.RP) + 10;
      const n = 12000;
      const run = (r: string) => {
        const d = new CycleDram(resolveSpec(name, { refresh: r, pagePolicy: 'closed' }));
        d.runSource(new SparseSource(n, burstOf(spec), capacityOf(spec), gap, 11));
        return d.report();
      };
      const off = run('none');
      assert.equal(off.avgReadLatencyCycles, actExtra(spec) + t.RCD + t.CL + t.BL, 'every sparse closed-page read: tRCD + tCL + tBURST');
      // a bank is refreshing for `busy` cycles once per `period`; a read to another bank arriving within
      // `other` cycles after a per-bank/same-bank refresh waits for the rest of it (tPBR2ACT / tREFSBRD)
      let busy: number, period: number, other: number, covered: number;
      if (refresh === 'allbank') [busy, period, other, covered] = [t.RFC, t.REFI, 0, 1];
      else if (refresh === 'perbank') [busy, period, other, covered] = [t.RFCpb, Math.floor(t.REFI / banksPerRank) * banksPerRank, t.PBR2ACT, 1 / banksPerRank];
      else [busy, period, other, covered] = [t.RFCpb, Math.floor(t.REFI / 2 / o.banksPerGroup) * o.banksPerGroup, t.PBR2ACT, 1 / o.banksPerGroup];
      const commandGap = period * covered; // cycles between two refresh commands of a rank
      const expected = (busy / period) * (busy / 2) + (other / commandGap) * (1 - covered) * (other / 2);
      const measured = run(refresh).avgReadLatencyCycles - off.avgReadLatencyCycles;
      // 20 % + 0.3 cycle: sampling (the mean of ~n x busy/period delayed reads), the few cycles a pending
      // refresh waits for an auto-precharge, and the reads queued behind an all-bank refresh then opening
      // their rows tRRD apart (all-bank measures 2-15 % above the first-order form, per-bank +-8 %)
      assert.ok(
        Math.abs(measured - expected) <= 0.2 * expected + 0.3,
        `mean wait ${measured.toFixed(2)} cycles vs ${expected.toFixed(2)} (busy ${busy} per ${period}, other ${other})`,
      );
    });
  }
}

// ------------------------------------------------------------------ same-bank refresh (DDR5 REFsb)

const SAME_BANK = PRESETS.filter((p) => resolveSpec(p).sameBankRefresh === true);

test('some preset has same-bank refresh (DDR5)', () => assert.ok(SAME_BANK.length > 0));

const request = fc.record({
  region: fc.integer({ min: 0, max: 7 }),
  offset: fc.integer({ min: 0, max: 1 << 14 }),
  write: fc.boolean(),
  gap: fc.integer({ min: 0, max: 40 }),
});

for (const preset of SAME_BANK) {
  test(`${preset}: random traces with refresh=samebank obey JEDEC timing (independent checker)`, () => {
    const spec = resolveSpec(preset);
    const row = (spec.org.columns * spec.org.busWidth) / 8;
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 300 }),
        fc.constantFrom('fr-fcfs', 'fcfs'),
        fc.constantFrom('open', 'closed'),
        (reqs, scheduler, pagePolicy) => {
          let at = 0;
          const list = reqs.map((r) => ({ addr: (r.region * 977 * row + r.offset * 64) % 2 ** 32, write: r.write, arrival: (at += r.gap) }));
          // refresh shortened so a short trace sees many REFsb: one every 1600 / 2 / banks per group cycles
          const s = resolveSpec(preset, { scheduler, pagePolicy, refresh: 'samebank', REFI: 1600, RFC: 120, RFCpb: 60, PBR2PBR: 20, PBR2ACT: 20 });
          const d = new CycleDram(s);
          const log = d.recordCommands();
          d.runSource(new ArraySource(list));
          assert.deepEqual(checkCommandLog(s, log), []);
          const rep = d.report();
          assert.equal(rep.reads + rep.writes, list.length);
          assert.ok(rep.commands.REFsb > 0 || rep.cycles < 3 * 200, `no REFsb in ${rep.cycles} cycles (one due every 200)`);
          assert.equal(rep.commands.REF + rep.commands.REFpb, 0);
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  });

  test(`${preset}: refresh=samebank covers every bank once per tREFI / 2 while idle (stepped and skipped alike)`, () => {
    const spec = resolveSpec(preset, { refresh: 'samebank' });
    const interval = Math.floor(spec.timing.REFI / 2 / spec.org.banksPerGroup);
    const end = 400 * interval;
    const counts = [false, true].map((stepThroughIdle) => {
      const d = new CycleDram(spec, { stepThroughIdle });
      d.runSource(new ArraySource([{ addr: 0, write: false, arrival: end }]));
      return d.report().commands.REFsb;
    });
    const ranks = spec.org.channels * spec.org.ranks;
    assert.equal(counts[0], counts[1], 'skipping idle time in closed form issues as many REFsb as stepping');
    assert.ok(Math.abs(counts[0] / ranks - end / interval) <= 2, `${counts[0]} REFsb over ${ranks} ranks in ${end} cycles, one due every ${interval}`);
  });

  test(`${preset}: the checker catches broken same-bank refresh logs`, () => {
    const s = resolveSpec(preset, { refresh: 'samebank' });
    const T = s.timing;
    const bpg = s.org.banksPerGroup;
    const rules = (build: (log: CommandLog) => void) => {
      const log = new CommandLog();
      build(log);
      return checkCommandLog(s, log).map((v) => v.rule);
    };
    // bank 0 of bank group 1 is open: REFsb to bank index 0 must wait
    assert.ok(rules((l) => (l.push(0, ACT, bpg, 3, 0, 0), l.push(T.RC + 10, REFSB, 0, 0, 0, 0))).some((r) => r.includes('precharged in every bank group')));
    // the same bank index twice before the others
    assert.ok(rules((l) => (l.push(0, REFSB, 0, 0, 0, 0), l.push(T.RFCpb + 1, REFSB, 0, 0, 0, 0))).some((r) => r.includes('refreshed twice')));
    // ACT to a covered bank (group 2) inside tRFCsb, and to another bank inside tREFSBRD
    assert.ok(rules((l) => (l.push(0, REFSB, 1, 0, 0, 0), l.push(T.RFCpb - 1, ACT, 2 * bpg + 1, 0, 0, 0))).some((r) => r.includes('tRFCpb')));
    assert.ok(rules((l) => (l.push(0, REFSB, 1, 0, 0, 0), l.push(T.PBR2ACT - 1, ACT, 2, 0, 0, 0))).some((r) => r.includes('tPBR2ACT')));
    // a clean round of REFsb, then ACT and RD, passes
    const ok = rules((l) => {
      for (let i = 0; i < bpg; i++) l.push(i * (T.PBR2PBR + 1), REFSB, i, 0, 0, 0);
      const t0 = bpg * (T.PBR2PBR + 1) + T.RFCpb;
      l.push(t0, ACT, 0, 9, 0, 0);
      l.push(t0 + T.RCD, RD, 0, 9, 0, 0);
      l.push(t0 + Math.max(T.RAS, T.RCD + T.RTP), PRE, 0, 9, 0, 0);
    });
    assert.deepEqual(ok, []);
    // a preset without same-bank refresh refuses the mode with one line naming the choices
    assert.throws(
      () => resolveSpec('DDR4-2400-8Gb-x8', { refresh: 'samebank' }),
      /^Error: --set: refresh: .*has no same-bank refresh|refresh: allbank, none \(DDR4 has no same-bank refresh\)/,
    );
  });
}

for (const preset of SAME_BANK) {
  test(`${preset}: idle same-bank refresh spends the energy of all-bank refresh (same energy per refreshed row)`, () => {
    const refreshJ = (refresh: string) => {
      const d = new CycleDram(resolveSpec(preset, { refresh }));
      d.runSource(new ArraySource([{ addr: 0, write: false, arrival: 200 * resolveSpec(preset).timing.REFI }]));
      return d.report().energy.refreshJ;
    };
    const all = refreshJ('allbank');
    const same = refreshJ('samebank');
    assert.ok(all > 0 && Math.abs(same / all - 1) < 0.02, `refresh energy same-bank ${same} J vs all-bank ${all} J`);
  });

  test(`${preset}: refresh=samebank refuses a tRFCsb the tREFI / 2 round cannot fit, in one line`, () => {
    const refi = resolveSpec(preset).timing.REFI;
    assert.throws(
      () => resolveSpec(preset, { refresh: 'samebank', RFCpb: refi / 2 }),
      (e: Error) => e.message.startsWith('--set: tRFCpb: less than tREFI / 2') && !e.message.includes('\n'),
    );
  });
}
