// A sequential stream under RoBaRaCoCh stays in one bank for a whole row (128 bursts), so its column commands
// are tCCD_L apart except where the queue holds the end of one row and the start of the next (the next
// bank group): there the two rows alternate at tCCD_S. How many bursts alternate is set by the queue depth
// alone, which is why this trace's cycles depend on it (DRAMSim3's extra per-bank command queues, docs/dram.md).
// The cycles below are derived from the timing parameters and the FR-FCFS rules, then compared exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleDram, resolveSpec } from '../../src/dram/index.ts';
import { burstBytes, type DramSpec } from '../../src/dram/spec.ts';
import { SeqSource } from './helpers.ts';

const P = 'DDR4-2400-8Gb-x8';
const ROWS = 24;

function spec(queue: number): DramSpec {
  return resolveSpec(P, { mapping: 'RoBaRaCoCh', refresh: 'none', readQueue: queue, writeQueue: queue });
}

/**
 * Cycles to serve ROWS rows of bursts in address order, all arriving at cycle 0, with a queue of `queue`.
 * Row r lives in bank group r mod BG, bank (r / BG) mod banksPerGroup: its bank is closed for the first
 * bank-count rows and holds an older row afterwards (PRE first).
 */
function derived(s: DramSpec, queue: number, write: boolean): number {
  const t = s.timing;
  const bursts = s.org.columns / s.org.burstLength;
  const banks = s.org.bankGroups * s.org.banksPerGroup;
  const n = ROWS * bursts;
  // Row A's bursts issue every tCCD_L. Let cycle 0 be the column command that frees the slot row B's first
  // request enters; the queue then holds queue - 1 of A. The next cycle B's bank gets PRE (if a row is
  // open) and ACT; a command legal on the cycle of one of A's bursts loses to that row hit.
  const onASlot = (c: number) => c % t.CCD_L === 0;
  const saving = (closed: boolean): number => {
    let act = closed ? 1 : 1 + t.RP;
    if (onASlot(act)) act++;
    const bLegal = act + (write ? t.RCDWR : t.RCD);
    const aBefore = Math.floor(bLegal / t.CCD_L); // A's bursts up to B's first legal cycle (ties go to the older A)
    const bFirst = Math.max(bLegal, aBefore * t.CCD_L + t.CCD_S);
    assert.ok(bFirst < (aBefore + 1) * t.CCD_L && 2 * t.CCD_S >= t.CCD_L, 'derivation premises');
    const alternating = queue - 1 - aBefore; // A's bursts left, each between two of B's at tCCD_S
    return t.CCD_L - (bFirst - aBefore * t.CCD_L) + 2 * alternating * (t.CCD_L - t.CCD_S);
  };
  let spacings = (n - 1) * t.CCD_L;
  for (let r = 1; r < ROWS; r++) spacings -= saving(r < banks);
  return t.RCD + spacings + (write ? t.CWL : t.CL) + t.BL;
}

for (const write of [false, true])
  test(`sequential ${write ? 'writes' : 'reads'}: the bank-group switch overlaps as many bursts as the queue holds`, () => {
    const cycles: number[] = [];
    for (const queue of [16, 32, 48]) {
      const s = spec(queue);
      const d = new CycleDram(s);
      d.runSource(new SeqSource(ROWS * (s.org.columns / s.org.burstLength), burstBytes(s), write));
      const r = d.report();
      assert.equal(r.cycles, derived(s, queue, write), `queue ${queue}`);
      cycles.push(r.cycles);
    }
    assert.ok(cycles[0] > cycles[1] && cycles[1] > cycles[2]);
  });
