// Device timing as state: for every bank, bank group and rank, the earliest cycle each command may
// issue there. Issuing a command raises those bounds by the timing table (timing.ts); a lookup is the
// max of the three levels. tFAW is folded into the rank's ACT bound when an ACT issues.
import { ACT as ACT_, RDA as RDA_, WRA as WRA_, NCMD as NCMD_ } from '../commands.ts';
import { compileTiming, type TimingTable } from '../timing.ts';
import type { DramTiming } from '../spec.ts';
import type { Geometry } from './geometry.ts';
import { compileApply, FAW_WINDOW, type ApplyTiming, type TimingArrays } from './timing-apply.ts';
// local copies: module bindings compiled to getters would sit in the hot loop
const ACT = ACT_;
const RDA = RDA_;
const WRA = WRA_;
const NCMD = NCMD_;

/**
 * The table without "then RDA/WRA waits" entries: no candidate is ever an RDA or WRA (closed page turns
 * a chosen RD/WR into one at issue, after the RD/WR lookup, and the table gives RDA/WRA the same waits as
 * RD/WR), so those slots are written and never read. Dropping them saves work on every issue.
 */
function withoutAutoPrechargeTargets(tt: TimingTable): TimingTable {
  const start = new Int32Array(tt.start.length);
  const pairs: number[] = [];
  for (let k = 0; k + 1 < tt.start.length; k++) {
    start[k] = pairs.length;
    for (let i = tt.start[k]; i < tt.start[k + 1]; i += 2) {
      if (tt.pairs[i] !== RDA && tt.pairs[i] !== WRA) pairs.push(tt.pairs[i], tt.pairs[i + 1]);
    }
  }
  start[tt.start.length - 1] = pairs.length;
  return { start, pairs: Int32Array.from(pairs) };
}

/**
 * A multi-cycle ACT (HBM's takes two row-bus cycles) is logged at its first cycle, but JEDEC counts its
 * timings from its last: every wait after an ACT grows by the extra cycles, every wait before one
 * shrinks by them (ACT to ACT is unchanged), as Ramulator 2.1 derives them from `command_cycles`.
 */
function countedFromLastActCycle(tt: TimingTable, actCycles: number): TimingTable {
  const extra = actCycles - 1;
  if (extra === 0) return tt;
  const pairs = Int32Array.from(tt.pairs);
  for (let k = 0; k + 1 < tt.start.length; k++) {
    const from = k % NCMD;
    for (let i = tt.start[k]; i < tt.start[k + 1]; i += 2) {
      pairs[i + 1] += (from === ACT ? extra : 0) - (pairs[i] === ACT ? extra : 0);
    }
  }
  return { start: tt.start, pairs };
}

export class TimingState implements TimingArrays {
  readonly tt: TimingTable;
  /** Earliest cycle per (bank, command), (bank group, command) and (rank, command): index x * NCMD + cmd. */
  readonly bankNext: Float64Array;
  readonly bgNext: Float64Array;
  readonly rankNext: Float64Array;
  readonly faw: Float64Array;
  readonly fawPos: Int32Array;
  readonly tFAW: number;
  readonly bankRank: Int32Array;
  readonly bankGroup: Int32Array;
  readonly ranksPerCh: number;
  /** Raises the bounds that `cmd` issued to bank `b` at cycle `t` implies (the table compiled to code). */
  readonly apply: ApplyTiming;

  constructor(t: DramTiming, g: Geometry, actCycles = 1) {
    this.tt = countedFromLastActCycle(withoutAutoPrechargeTargets(compileTiming(t)), actCycles);
    this.bankNext = new Float64Array(g.banks * NCMD);
    this.bgNext = new Float64Array(g.groups * NCMD);
    this.rankNext = new Float64Array(g.ranks * NCMD);
    this.faw = new Float64Array(g.ranks * FAW_WINDOW).fill(-1e15);
    this.fawPos = new Int32Array(g.ranks);
    this.tFAW = t.FAW;
    this.bankRank = g.bankRank;
    this.bankGroup = g.bankGroup;
    this.ranksPerCh = g.ranksPerCh;
    this.apply = compileApply(this.tt, this);
  }

  /** Earliest cycle `cmd` may issue to bank `b` under the device timing (not the command bus). */
  earliest(cmd: number, b: number): number {
    let e = this.bankNext[b * NCMD + cmd];
    const g = this.bgNext[this.bankGroup[b] * NCMD + cmd];
    if (g > e) e = g;
    const k = this.rankNext[this.bankRank[b] * NCMD + cmd];
    if (k > e) e = k;
    return e; // tFAW is folded into rankNext[ACT] (apply)
  }
}
