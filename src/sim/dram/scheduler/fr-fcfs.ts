// FR-FCFS (Rixner et al., ISCA 2000): among commands that can issue soonest, column commands (row hits)
// first, then the oldest request. Per bank only one command is a candidate: the oldest row hit if the
// open row has any queued hit (so a row with pending hits is never precharged under them), else the
// PRE or ACT of the oldest request. The chosen command is the candidate with the smallest earliest
// cycle, ties going to hits, then age: exactly what a per-cycle "first ready" arbiter would pick.
// Each bank's candidate is cached by the controller until that bank's state changes; a scan only
// recomputes the candidates' earliest cycles, which other banks' commands can move; since those only
// grow, the last value computed for a bank bounds it from below and lets the scan skip it.
import type { Controller } from '../controller.ts';
import type { Scheduler } from './scheduler.ts';
import { ACT as ACT_, NCMD as NCMD_ } from '../commands.ts';

const ACT = ACT_;
const NCMD = NCMD_;
const INF = Number.POSITIVE_INFINITY;

function better(e: number, col: number, seq: number, be: number, bcol: number, bseq: number): boolean {
  if (e !== be) return e < be;
  if (col !== bcol) return col > bcol;
  return seq < bseq;
}

/** Refreshes bank b's cached candidate (command, request, hit flag, age). */
function refreshCandidate(ctl: Controller, m: number, b: number): void {
  const li = m * ctl.NB + b;
  if (ctl.cnt[li] === 0) {
    ctl.cValid[b] = -1;
    ctl.cLB[b] = INF;
    return;
  }
  const s = ctl.openRow[b] >= 0 && ctl.hits[li] > 0 ? ctl.oldestHit(m, b) : ctl.head[li];
  if (!ctl.evalSlot(m, b, s, 0)) {
    ctl.cValid[b] = -1;
    ctl.cLB[b] = INF;
    return;
  }
  ctl.cValid[b] = 1;
  ctl.cCmd[b] = ctl.candCmd;
  ctl.cSlot[b] = s;
  ctl.cCol[b] = ctl.candCol;
  ctl.cSeq[b] = ctl.sSeq[s];
  ctl.cLB[b] = ctl.candE;
}

/** Earliest legal cycle of bank b's cached command. */
function earliestOf(ctl: Controller, b: number, floor: number): number {
  const cmd = ctl.cCmd[b];
  let e = ctl.bankNext[b * NCMD + cmd];
  const g = ctl.bgNext[ctl.bankBG[b] * NCMD + cmd];
  if (g > e) e = g;
  const r = ctl.bankRank[b];
  const k = ctl.rankNext[r * NCMD + cmd];
  if (k > e) e = k;
  if (cmd === ACT) {
    const f = ctl.faw[r * 4 + ctl.fawPos[r]] + ctl.tFAW;
    if (f > e) e = f;
  }
  ctl.cLB[b] = e;
  return e > floor ? e : floor;
}

export const frFcfs: Scheduler = {
  name: 'fr-fcfs',
  choose(ctl: Controller, ch: number, floor: number): void {
    // arrays in locals: property loads inside the loop would not be hoisted across the calls
    const m = ctl.writeMode[ch];
    const valid = ctl.cValid;
    const cCol = ctl.cCol;
    const cSeq = ctl.cSeq;
    const cCmd = ctl.cCmd;
    const lb = ctl.cLB;
    const bankNext = ctl.bankNext;
    const bgNext = ctl.bgNext;
    const rankNext = ctl.rankNext;
    const bankBG = ctl.bankBG;
    const bankRank = ctl.bankRank;
    const faw = ctl.faw;
    const fawPos = ctl.fawPos;
    const tFAW = ctl.tFAW;
    const b0 = ch * ctl.banksPerCh;
    const b1 = b0 + ctl.banksPerCh;
    let be = INF;
    let bcol = 0;
    let bseq = 0;
    let bb = -1;
    // seed with last scan's runner-up: a good first bound prunes most banks below
    let se = INF;
    let sb = -1;
    let h = ctl.hint[ch];
    if (h >= 0 && valid[h] !== 1) h = -1;
    if (h >= 0) {
      be = earliestOf(ctl, h, floor);
      bcol = cCol[h];
      bseq = cSeq[h];
      bb = h;
    }
    for (let b = b0; b < b1; b++) {
      if (valid[b] === 0) refreshCandidate(ctl, m, b);
      // earliest cycles only grow, so a stale bound still prunes: a bank whose bound is above the best
      // cannot win, nor can one whose bound equals it and that would lose the tie anyway
      let lo = lb[b];
      if (lo < floor) lo = floor;
      if (lo > be || b === h || valid[b] < 0) continue;
      if (lo === be && !(cCol[b] > bcol || (cCol[b] === bcol && cSeq[b] < bseq))) {
        if (lo < se) {
          se = lo;
          sb = b;
        }
        continue;
      }
      const cmd = cCmd[b];
      let e = bankNext[b * NCMD + cmd];
      const g = bgNext[bankBG[b] * NCMD + cmd];
      if (g > e) e = g;
      const r = bankRank[b];
      const k = rankNext[r * NCMD + cmd];
      if (k > e) e = k;
      if (cmd === ACT) {
        const f = faw[r * 4 + fawPos[r]] + tFAW;
        if (f > e) e = f;
      }
      lb[b] = e;
      if (e < floor) e = floor;
      const col = cCol[b];
      const seq = cSeq[b];
      if (e < be || (e === be && (col > bcol || (col === bcol && seq < bseq)))) {
        se = be;
        sb = bb;
        be = e;
        bcol = col;
        bseq = seq;
        bb = b;
      } else if (e < se) {
        se = e;
        sb = b;
      }
    }
    ctl.hint[ch] = sb;
    if (bb >= 0) ctl.setBest(ch, be, bb, cCmd[bb], ctl.cSlot[bb], bcol);
  },
  onAdmit(ctl: Controller, ch: number, bank: number): void {
    const bs = ctl.bestSlot[ch]; // -2: nothing chosen, -1: a refresh command
    if (bs === -1 || (bs >= 0 && ctl.bestBank[ch] === bank)) {
      ctl.dirty[ch] = 1; // the bank's own candidate may have changed, or refresh is pending
      return;
    }
    refreshCandidate(ctl, ctl.writeMode[ch], bank);
    if (ctl.cValid[bank] < 0) return;
    const e = earliestOf(ctl, bank, ctl.floorOf(ch));
    if (bs === -2 || better(e, ctl.cCol[bank], ctl.cSeq[bank], ctl.bestT[ch], ctl.bestCol[ch], ctl.sSeq[bs])) {
      ctl.setBest(ch, e, bank, ctl.cCmd[bank], ctl.cSlot[bank], ctl.cCol[bank]);
    }
  },
};
