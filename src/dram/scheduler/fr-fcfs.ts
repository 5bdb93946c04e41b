// FR-FCFS (Rixner et al., ISCA 2000): among commands that can issue soonest, column commands (row hits)
// first, then the oldest request. Per bank only one command is a candidate: the oldest row hit if the
// open row has any queued hit (so a row with pending hits is never precharged under them), else the
// PRE or ACT of the oldest request. The chosen command is the candidate with the smallest earliest
// cycle, ties going to hits, then age: exactly what a per-cycle "first ready" arbiter would pick.
// (cycle, hit, age) is a total order (ages are unique), so any search that finds its minimum agrees.
//
// Speed (choose runs once per issued command, and random traffic keeps ~14 banks busy): a candidate's
// earliest cycle is max(bank part, bank-group part, rank part), and the rank part is shared by every
// candidate of the same kind (ACT, PRE or column) in the rank, like the floor (now / command bus).
// So candidates are kept in groups per (rank, kind), each in tie order. In a group with shared bound
// X = max(rank part, floor), walking in tie order, the first candidate whose own part is <= X has cycle
// X, the group's least, and beats everything after it: the walk stops there. A group whose X is already
// later than the best found is skipped whole. Candidates are cached per bank until that bank's state
// changes (the controller marks it stale); stale banks are found through a bit set and refreshed first.
import type { Controller } from '../controller.ts';
import type { Scheduler } from './scheduler.ts';
import { ACT as ACT_, PRE as PRE_, RD as RD_, WR as WR_, NCMD as NCMD_ } from '../commands.ts';

const ACT = ACT_;
const PRE = PRE_;
const RD = RD_;
const WR = WR_;
const NCMD = NCMD_;
const INF = Number.POSITIVE_INFINITY;
const NOT_HIT = 2 ** 40; // tie key offset of a non-column candidate (ages stay far below it)

function better(e: number, col: number, seq: number, be: number, bcol: number, bseq: number): boolean {
  if (e !== be) return e < be;
  if (col !== bcol) return col > bcol;
  return seq < bseq;
}

/** Takes bank b out of its candidate group. */
function leaveGroup(ctl: Controller, b: number): void {
  const gi = ctl.cGrp[b];
  if (gi < 0) return;
  const mem = ctl.grpMem;
  const base = gi * ctl.banksPerRank;
  const end = base + --ctl.grpCnt[gi];
  let i = base;
  while (mem[i] !== b) i++;
  for (; i < end; i++) mem[i] = mem[i + 1];
  ctl.cGrp[b] = -1;
}

/** Puts bank b (tie key already set) into group gi at its place in tie order. */
function joinGroup(ctl: Controller, b: number, gi: number): void {
  const mem = ctl.grpMem;
  const tie = ctl.cTie;
  const t = tie[b];
  const base = gi * ctl.banksPerRank;
  let i = base + ctl.grpCnt[gi]++;
  while (i > base && tie[mem[i - 1]] > t) {
    mem[i] = mem[i - 1];
    i--;
  }
  mem[i] = b;
  ctl.cGrp[b] = gi;
}

/** Recomputes bank b's cached candidate (command, request, hit flag, age, lookup slots, group). */
function refreshCandidate(ctl: Controller, m: number, b: number): void {
  ctl.staleMask[ctl.bankWord[b]] &= ~ctl.bankBit[b];
  const li = m * ctl.NB + b;
  let cmd = -1;
  let s = -1;
  if (ctl.cnt[li] > 0) {
    s = ctl.openRow[b] >= 0 && ctl.hits[li] > 0 ? ctl.oldestHit(m, b) : ctl.head[li];
    cmd = ctl.commandFor(m, b, s);
  }
  if (cmd < 0) {
    ctl.cValid[b] = -1;
    leaveGroup(ctl, b);
    return;
  }
  const seq = ctl.sSeq[s];
  const tie = ctl.candCol === 1 ? seq : NOT_HIT + seq;
  const gi = ctl.bankRank[b] * 3 + (cmd === ACT ? 0 : cmd === PRE ? 1 : 2);
  if (ctl.cGrp[b] !== gi) {
    leaveGroup(ctl, b);
    ctl.cTie[b] = tie;
    joinGroup(ctl, b, gi);
  } else if (ctl.cTie[b] !== tie) {
    // same group, another request: shift the bank to its new place in tie order (usually the end)
    const mem = ctl.grpMem;
    const cTie = ctl.cTie;
    const end = gi * ctl.banksPerRank + ctl.grpCnt[gi] - 1;
    let i = gi * ctl.banksPerRank;
    while (mem[i] !== b) i++;
    if (tie > cTie[b]) {
      for (; i < end && cTie[mem[i + 1]] < tie; i++) mem[i] = mem[i + 1];
    } else {
      const base = gi * ctl.banksPerRank;
      for (; i > base && cTie[mem[i - 1]] > tie; i--) mem[i] = mem[i - 1];
    }
    mem[i] = b;
    cTie[b] = tie;
  }
  ctl.cValid[b] = 1;
  const c = ctl.cand;
  const o = b * 4;
  c[o] = cmd;
  c[o + 1] = s;
  c[o + 2] = b * NCMD + cmd;
  c[o + 3] = ctl.bankBG[b] * NCMD + cmd;
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
      const base = b0 + ((w - w0) << 5) + 31;
      while (st !== 0) {
        const low = st & -st;
        st ^= low;
        refreshCandidate(ctl, m, base - Math.clz32(low));
      }
    }
    // arrays in locals: nothing in the loops below calls out, so they stay in registers
    const mem = ctl.grpMem;
    const cnt = ctl.grpCnt;
    const cand = ctl.cand;
    const cTie = ctl.cTie;
    const bankNext = ctl.bankNext;
    const bgNext = ctl.bgNext;
    const rankNext = ctl.rankNext;
    const bpr = ctl.banksPerRank;
    const colCmd = m === 0 ? RD : WR;
    let be = INF;
    let btie = INF;
    let bb = -1;
    const r0 = ch * ctl.ranksPerCh;
    for (let r = r0; r < r0 + ctl.ranksPerCh; r++) {
      for (let kind = 2; kind >= 0; kind--) {
        const gi = r * 3 + kind;
        const n = cnt[gi];
        if (n === 0) continue;
        const x = Math.max(rankNext[r * NCMD + (kind === 2 ? colCmd : kind === 1 ? PRE : ACT)], floor);
        if (x > be) continue;
        const base = gi * bpr;
        for (let i = base; i < base + n; i++) {
          const b = mem[i];
          const t = cTie[b];
          if (x === be && t > btie) break; // the rest are later in tie order and no earlier in time
          const l = Math.max(bankNext[cand[b * 4 + 2]], bgNext[cand[b * 4 + 3]]);
          if (l <= x) {
            if (x < be || t < btie) {
              be = x;
              btie = t;
              bb = b;
            }
            break;
          }
          if (l < be || (l === be && t < btie)) {
            be = l;
            btie = t;
            bb = b;
          }
        }
      }
    }
    if (bb >= 0) ctl.setBest(ch, be, bb, cand[bb * 4], cand[bb * 4 + 1], btie < NOT_HIT ? 1 : 0);
  },
  onAdmit(ctl: Controller, ch: number, bank: number): void {
    const bs = ctl.bestSlot[ch]; // -2: nothing chosen, -1: a refresh command
    if (bs === -1 || (bs >= 0 && ctl.bestBank[ch] === bank)) {
      ctl.dirty[ch] = 1; // the bank's own candidate may have changed, or refresh is pending
      return;
    }
    // not marked stale: the newcomer left the bank's candidate as it was, and that one already lost
    if (ctl.cValid[bank] !== 0) return;
    refreshCandidate(ctl, ctl.writeMode[ch], bank);
    if (ctl.cValid[bank] < 0) return;
    const cmd = ctl.cand[bank * 4];
    const slot = ctl.cand[bank * 4 + 1];
    const col = ctl.cTie[bank] < NOT_HIT ? 1 : 0;
    let e = ctl.earliest(cmd, bank);
    const floor = ctl.floorOf(ch);
    if (e < floor) e = floor;
    if (bs === -2 || better(e, col, ctl.sSeq[slot], ctl.bestT[ch], ctl.bestCol[ch], ctl.sSeq[bs])) {
      ctl.setBest(ch, e, bank, cmd, slot, col);
    }
  },
};
