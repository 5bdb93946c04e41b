// FR-FCFS (Rixner et al., ISCA 2000): among commands that can issue soonest, column commands (row hits)
// first, then the oldest request. Per bank only one command is a candidate: the oldest row hit if the
// open row has any queued hit (so a row with pending hits is never precharged under them), else the
// PRE or ACT of the oldest request. The chosen command is the candidate with the smallest earliest
// cycle, ties going to hits, then age: exactly what a per-cycle "first ready" arbiter would pick.
// (cycle, hit, age) is a total order (ages are unique), so the choice does not depend on scan order.
//
// Speed (choose runs once per issued command): each bank's candidate is cached by the controller until
// that bank's state changes, with the three "next allowed" slots its earliest cycle is the max of (bank,
// bank group, rank; tFAW is folded into the rank's ACT slot) and its tie order as one number. Banks whose
// candidate went stale are found through a bit set and refreshed first; the scan then walks the bit set
// of banks that have a candidate, so empty banks cost nothing (a sequential stream has one or two).
import type { Controller } from '../controller.ts';
import type { Scheduler } from './scheduler.ts';
import { NCMD as NCMD_ } from '../commands.ts';

const NCMD = NCMD_;
const INF = Number.POSITIVE_INFINITY;
const NOT_HIT = 2 ** 40; // tie key offset of a non-column candidate (ages stay far below it)

function better(e: number, col: number, seq: number, be: number, bcol: number, bseq: number): boolean {
  if (e !== be) return e < be;
  if (col !== bcol) return col > bcol;
  return seq < bseq;
}

/** Recomputes bank b's cached candidate (command, request, hit flag, age, lookup slots, tie key). */
function refreshCandidate(ctl: Controller, m: number, b: number): void {
  const w = ctl.bankWord[b];
  const bit = ctl.bankBit[b];
  ctl.staleMask[w] &= ~bit;
  const li = m * ctl.NB + b;
  if (ctl.cnt[li] === 0) {
    ctl.cValid[b] = -1;
    ctl.activeMask[w] &= ~bit;
    return;
  }
  const s = ctl.openRow[b] >= 0 && ctl.hits[li] > 0 ? ctl.oldestHit(m, b) : ctl.head[li];
  const cmd = ctl.commandFor(m, b, s);
  if (cmd < 0) {
    ctl.cValid[b] = -1;
    ctl.activeMask[w] &= ~bit;
    return;
  }
  ctl.cValid[b] = 1;
  ctl.activeMask[w] |= bit;
  const col = ctl.candCol;
  const seq = ctl.sSeq[s];
  ctl.cCmd[b] = cmd;
  ctl.cSlot[b] = s;
  ctl.cCol[b] = col;
  ctl.cSeq[b] = seq;
  ctl.cTie[b] = col === 1 ? seq : NOT_HIT + seq;
  ctl.cBi[b] = b * NCMD + cmd;
  ctl.cGi[b] = ctl.bankBG[b] * NCMD + cmd;
  ctl.cRi[b] = ctl.bankRank[b] * NCMD + cmd;
}

export const frFcfs: Scheduler = {
  name: 'fr-fcfs',
  choose(ctl: Controller, ch: number, floor: number): void {
    const m = ctl.writeMode[ch];
    const W = ctl.maskWords;
    const w0 = ch * W;
    const b0 = ch * ctl.banksPerCh;
    const stale = ctl.staleMask;
    for (let w = w0; w < w0 + W; w++) {
      let st = stale[w];
      const base = b0 + ((w - w0) << 5);
      while (st !== 0) {
        const low = st & -st;
        st ^= low;
        refreshCandidate(ctl, m, base + 31 - Math.clz32(low));
      }
    }
    // arrays in locals: nothing in the loop below calls out, so they stay in registers
    const active = ctl.activeMask;
    const cBi = ctl.cBi;
    const cGi = ctl.cGi;
    const cRi = ctl.cRi;
    const cTie = ctl.cTie;
    const bankNext = ctl.bankNext;
    const bgNext = ctl.bgNext;
    const rankNext = ctl.rankNext;
    let be = INF;
    let btie = INF;
    let bb = -1;
    for (let w = w0; w < w0 + W; w++) {
      let a = active[w];
      const base = b0 + ((w - w0) << 5) + 31;
      while (a !== 0) {
        const low = a & -a;
        a ^= low;
        const b = base - Math.clz32(low);
        let e = bankNext[cBi[b]];
        const g = bgNext[cGi[b]];
        if (g > e) e = g;
        const k = rankNext[cRi[b]];
        if (k > e) e = k;
        if (e < floor) e = floor;
        if (e < be || (e === be && cTie[b] < btie)) {
          be = e;
          btie = cTie[b];
          bb = b;
        }
      }
    }
    if (bb >= 0) ctl.setBest(ch, be, bb, ctl.cCmd[bb], ctl.cSlot[bb], ctl.cCol[bb]);
  },
  onAdmit(ctl: Controller, ch: number, bank: number): void {
    const bs = ctl.bestSlot[ch]; // -2: nothing chosen, -1: a refresh command
    if (bs === -1 || (bs >= 0 && ctl.bestBank[ch] === bank)) {
      ctl.dirty[ch] = 1; // the bank's own candidate may have changed, or refresh is pending
      return;
    }
    refreshCandidate(ctl, ctl.writeMode[ch], bank);
    if (ctl.cValid[bank] < 0) return;
    let e = ctl.earliest(ctl.cCmd[bank], bank);
    const floor = ctl.floorOf(ch);
    if (e < floor) e = floor;
    if (bs === -2 || better(e, ctl.cCol[bank], ctl.cSeq[bank], ctl.bestT[ch], ctl.bestCol[ch], ctl.sSeq[bs])) {
      ctl.setBest(ch, e, bank, ctl.cCmd[bank], ctl.cSlot[bank], ctl.cCol[bank]);
    }
  },
};
