// HBM's command interface and organisation, from first principles: per channel a row bus (ACT, PRE, REF)
// and a column bus (RD, WR), shared by the channel's pseudo channels; an ACT holds the row bus for two
// cycles and JEDEC counts its timings from the second. The checker replays random traces; the closed
// forms below are computed here from the preset's numbers, not by the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CycleDram, resolveSpec } from '../../src/dram/index.ts';
import { checkCommandLog } from '../../src/dram/checker.ts';
import { CommandLog } from '../../src/dram/command-log.ts';
import { ACT, PRE, RD, WR, RDA, WRA } from '../../src/dram/commands.ts';
import type { DramSpec } from '../../src/dram/spec.ts';
import { ArraySource, SeqSource } from './helpers.ts';

const HBM2_FAMILY = ['HBM2-2Gbps', 'HBM2-PC-2Gbps', 'HBM2E-3.2Gbps'];
const isColumn = (c: number) => c === RD || c === WR || c === RDA || c === WRA;

/** One physical channel (all its pseudo channels) of a preset: small and fast to simulate. */
function oneChannel(preset: string, overrides: Record<string, number | string> = {}): DramSpec {
  const pc = resolveSpec(preset).org.pseudoChannels ?? 1;
  return resolveSpec(preset, { channels: pc, ...overrides });
}

function run(spec: DramSpec, src: ArraySource | SeqSource): { end: number; log: CommandLog } {
  const d = new CycleDram(spec);
  const log = d.recordCommands();
  const end = d.runSource(src);
  return { end, log };
}

test('organisation: capacity and peak bandwidth as JESD235 legacy / pseudo-channel mode and the HBM2E datasheets give them', () => {
  const GiB = 2 ** 30;
  const expected: Record<string, { bytes: number; rowBytes: number; gbps: number; burst: number }> = {
    // 8 channels x 16 banks x 32768 rows x 2 KB; 1024 pins x 2 Gb/s / 8
    'HBM2-2Gbps': { bytes: 8 * GiB, rowBytes: 2048, gbps: 256, burst: 64 },
    // 8 channels x 2 pseudo channels x 16 banks x 32768 rows x 1 KB; BL4 x 64 bits = 32 B
    'HBM2-PC-2Gbps': { bytes: 8 * GiB, rowBytes: 1024, gbps: 256, burst: 32 },
    // 16 GB stack of eight 16 Gb dies at 3.2 Gb/s: 1024 x 3.2 / 8 = 409.6 GB/s (Samsung Flashbolt: 410 GB/s)
    'HBM2E-3.2Gbps': { bytes: 16 * GiB, rowBytes: 1024, gbps: 409.6, burst: 32 },
  };
  for (const [name, e] of Object.entries(expected)) {
    const o = resolveSpec(name).org;
    const s = resolveSpec(name);
    const rowBytes = (o.columns * o.busWidth) / 8;
    assert.equal(rowBytes, e.rowBytes, name);
    assert.equal(o.channels * o.ranks * o.bankGroups * o.banksPerGroup * o.rows * rowBytes, e.bytes, name);
    assert.equal((o.busWidth / 8) * o.burstLength, e.burst, name);
    assert.equal(o.channels * o.busWidth, 1024, `${name}: 1024 data pins`);
    assert.ok(Math.abs((o.channels * o.busWidth * s.dataRate) / 8 / 1000 - e.gbps) < 1e-9, name);
  }
});

test('dual command buses on random traces: the checker finds nothing, row and column commands share cycles, an ACT holds the row bus two cycles', () => {
  for (const preset of HBM2_FAMILY) {
    const spec = oneChannel(preset, { readQueue: 16, writeQueue: 16 });
    const row = (spec.org.columns * spec.org.busWidth) / 8;
    const banksPerCh = spec.org.ranks * spec.org.bankGroups * spec.org.banksPerGroup;
    const pc = spec.org.pseudoChannels ?? 1;
    let sameCycle = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            region: fc.integer({ min: 0, max: 63 }),
            offset: fc.integer({ min: 0, max: 4095 }),
            write: fc.boolean(),
            gap: fc.integer({ min: 0, max: 6 }),
          }),
          {
            minLength: 1,
            maxLength: 300,
          },
        ),
        fc.constantFrom('open', 'closed'),
        fc.constantFrom('allbank', 'perbank'),
        (reqs, pagePolicy, refresh) => {
          let t = 0;
          const list = reqs.map((r) => ({ addr: r.region * 977 * row + r.offset * 32, write: r.write, arrival: (t += r.gap) }));
          const s = resolveSpec(preset, { channels: pc, readQueue: 16, writeQueue: 16, pagePolicy, refresh, REFI: 1200 });
          const { log } = run(s, new ArraySource(list));
          assert.deepEqual(checkCommandLog(s, log), []);
          // per command-bus set (one physical channel): row bus after an ACT, and same-cycle pairs
          const rowFree = new Map<number, number>();
          let lastRow = -1;
          let lastColumn = -1;
          for (let i = 0; i < log.length; i++) {
            const bus = Math.floor(Math.floor(log.bank[i] / banksPerCh) / pc);
            const time = log.time[i];
            if (!isColumn(log.cmd[i])) {
              assert.ok(time >= (rowFree.get(bus) ?? 0), `${preset}: row command at ${time} inside the previous ACT's two cycles`);
              rowFree.set(bus, time + (log.cmd[i] === ACT ? 2 : 1));
              if (time === lastColumn) sameCycle++;
              lastRow = time;
            } else {
              if (time === lastRow) sameCycle++;
              lastColumn = time;
            }
          }
        },
      ),
      { numRuns: 25, seed: 11 },
    );
    assert.ok(sameCycle > 0, `${preset}: some column command shares a cycle with a row command`);
  }
});

test('the checker: a row and a column command may share a cycle; two row commands inside an ACT, or two column commands in one cycle, may not', () => {
  const spec = oneChannel('HBM2-PC-2Gbps', { refresh: 'none' });
  const T = spec.timing;
  const bpc = spec.org.bankGroups * spec.org.banksPerGroup;
  const pc1 = bpc; // first bank of the second pseudo channel (same command buses)
  const ok = new CommandLog();
  ok.push(0, ACT, 0, 5, 0, 0);
  ok.push(2, ACT, pc1, 5, 0, 1); // PC1's ACT waits for PC0's to leave the row bus, not for tRRD
  const rd0 = 1 + T.RCD;
  ok.push(rd0, RD, 0, 5, 0, 0);
  ok.push(rd0, ACT, 4, 6, 0, 2); // same cycle, other bus; bank group 1, after tRRD
  ok.push(rd0 + 2, RD, pc1, 5, 0, 1);
  assert.deepEqual(checkCommandLog(spec, ok), []);

  const overlap = new CommandLog();
  overlap.push(0, ACT, 0, 5, 0, 0);
  overlap.push(1, ACT, pc1, 5, 0, 1);
  assert.match(checkCommandLog(spec, overlap)[0]?.rule ?? '', /row command bus/);

  const twoColumns = new CommandLog();
  twoColumns.push(0, ACT, 0, 5, 0, 0);
  twoColumns.push(2, ACT, pc1, 5, 0, 1);
  twoColumns.push(40, RD, 0, 5, 0, 0);
  twoColumns.push(40, RD, pc1, 5, 0, 1);
  assert.match(checkCommandLog(spec, twoColumns)[0]?.rule ?? '', /column command bus/);

  // tRCD counts from the ACT's second cycle: one cycle earlier is a violation
  const early = new CommandLog();
  early.push(0, ACT, 0, 5, 0, 0);
  early.push(T.RCD, RD, 0, 5, 0, 0);
  assert.match(checkCommandLog(spec, early)[0]?.rule ?? '', /tRCD/);
});

for (const preset of HBM2_FAMILY) {
  test(`${preset}: first read of a closed bank = (ACT cycles - 1) + tRCD + tCL + tBURST`, () => {
    const s = resolveSpec(preset);
    const T = s.timing;
    const actCycles = s.org.actCycles ?? 1;
    const { end } = run(s, new ArraySource([{ addr: 0, write: false, arrival: 0 }]));
    assert.equal(end, actCycles - 1 + T.RCD + T.CL + T.BL);
  });

  test(`${preset}: N reads of one row take the first read plus (N - 1) x max(tBURST, tCCD_L); a sibling pseudo channel adds only its ACT's wait for the row bus`, () => {
    const s = oneChannel(preset, { refresh: 'none' });
    const T = s.timing;
    const actCycles = s.org.actCycles ?? 1;
    const n = 24;
    const burst = (s.org.busWidth / 8) * s.org.burstLength;
    const pc = s.org.pseudoChannels ?? 1;
    // with the channel bits lowest (RoBaRaCoCh), burst k of PC p is at address (k * pc + p) * burst
    const stream = (p: number) => Array.from({ length: n }, (_, k) => ({ addr: (k * pc + p) * burst, write: false, arrival: 0 }));
    const first = actCycles - 1 + T.RCD + T.CL + T.BL;
    const alone = run(s, new ArraySource(stream(0))).end;
    assert.equal(alone, first + (n - 1) * Math.max(T.BL, T.CCD_L));
    if (pc > 1) {
      // PC1 has its own banks and data bus: only the shared row bus delays its ACT, by the ACT's cycles
      const both = stream(0).flatMap((r, k) => [r, stream(1)[k]]);
      const { end, log } = run(s, new ArraySource(both));
      assert.equal(end, alone + actCycles);
      assert.deepEqual(checkCommandLog(s, log), []);
    }
  });

  test(`${preset}: sequential reads reach peak x tBURST / max(tBURST, tCCD_S); refresh costs about tRFC / tREFI`, () => {
    const T = resolveSpec(preset).timing;
    const actCycles = resolveSpec(preset).org.actCycles ?? 1;
    const efficiency = (refresh: string) => {
      // a queue of two rows lets the next row open while the current one streams
      const s = oneChannel(preset, { refresh, readQueue: 64 });
      const burst = (s.org.busWidth / 8) * s.org.burstLength;
      const n = Math.ceil((20 * T.REFI) / T.BL) * s.org.channels;
      const end = run(s, new SeqSource(n, burst)).end;
      const peakPerCycle = (s.org.channels * burst) / T.BL;
      return (n * burst) / end / peakPerCycle;
    };
    const bound = T.BL / Math.max(T.BL, T.CCD_S);
    const none = efficiency('none');
    assert.ok(none <= bound + 1e-12 && none > 0.99 * bound, `${preset}: ${none} of peak without refresh, bound ${bound}`);
    // each REF stops the stream for tRFC, plus, at most: the last read's tRTP and the PREA's tRP before it;
    // after it the ACTs (actCycles each on the row bus shared by the pseudo channels), tRCD, and up to two
    // tRRD_S while the queued rows of the other bank groups reopen
    const ratio = efficiency('allbank') / none;
    const pc = resolveSpec(preset).org.pseudoChannels ?? 1;
    const most = 1 - T.RFC / T.REFI;
    const least = 1 - (T.RFC + T.RTP + T.RP + actCycles * pc + T.RCD + 2 * T.RRD_S) / T.REFI;
    assert.ok(ratio <= most && ratio >= least, `${preset}: refresh leaves ${ratio}, expected between ${least} and ${most}`);
  });
}

// Refresh skips idle time in closed form; with pseudo channels the sibling refreshes queue on their
// shared row bus, which the skip must reproduce exactly (tREFI shortened so short traces span many).
for (const [preset, refresh, REFI] of [
  ['HBM2-PC-2Gbps', 'allbank', 900],
  ['HBM2-PC-2Gbps', 'perbank', 900],
  ['HBM2E-3.2Gbps', 'perbank', 1600],
] as const) {
  test(`${preset} (${refresh}): skipping idle time gives the same commands as stepping through it`, () => {
    let skipped = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            region: fc.integer({ min: 0, max: 30 }),
            write: fc.boolean(),
            gap: fc.oneof(
              fc.integer({ min: 0, max: 20 }),
              fc.integer({ min: 0, max: 60 }).map((k) => k * 997),
            ),
          }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (reqs) => {
          let t = 0;
          const list = reqs.map((r) => ({ addr: r.region * 9973 * 64, write: r.write, arrival: (t += r.gap) }));
          const spec = oneChannel(preset, { refresh, REFI });
          const runs = [false, true].map((stepThroughIdle) => {
            const d = new CycleDram(spec, { stepThroughIdle });
            const log = d.recordCommands();
            d.runSource(new ArraySource(list));
            const kept: number[][] = [];
            for (let i = 0; i < log.length; i++)
              if (isColumn(log.cmd[i]) || log.cmd[i] === ACT || log.cmd[i] === PRE) kept.push([log.time[i], log.cmd[i], log.bank[i], log.row[i]]);
            skipped += d.ctl.stats.idleRefreshes;
            return { report: d.report(), log: kept };
          });
          assert.deepEqual(runs[0].report, runs[1].report);
          assert.deepEqual(runs[0].log, runs[1].log);
        },
      ),
      { numRuns: 30, seed: 9 },
    );
    assert.ok(skipped > 0, 'no idle time was skipped: the comparison proves nothing');
  });
}
