// FR-FCFS (Rixner et al., ISCA 2000): among commands that can issue soonest, column commands (row hits)
// first, then the oldest request. Per bank only one command is a candidate: the oldest row hit if the
// open row has any queued hit (so a row with pending hits is never precharged under them), else the
// PRE or ACT of the oldest request; a bank whose row was opened for a request of the other queue (a
// claim kept across a read/write drain switch) offers that request's column access. The chosen command is the candidate with the smallest earliest
// cycle, ties going to hits, then age: exactly what a per-cycle "first ready" arbiter would pick.
// (cycle, hit, age) is a total order (ages are unique), so any search that finds its minimum agrees.
//
// Speed (choose runs once per issued command, and random traffic keeps ~14 banks busy): a candidate's
// earliest cycle is max(bank part, bank-group part, rank part), and the rank part is shared by every
// candidate of the same kind (ACT, PRE or column) in the rank, like the floor (now / its command bus).
// So candidates are kept in groups per (rank, kind), each in tie order. In a group with shared bound
// X = max(rank part, floor), walking in tie order, the first candidate whose own part is <= X has cycle
// X, the group's least, and beats everything after it: the walk stops there. A group whose X is already
// later than the best found is skipped whole. Candidates are cached per bank until the bank is marked
// changed (ctx.changes); changed banks are found through that bit set and refreshed first.
//
// The PRE and column groups are kept in order of (bank bound, tie) instead, the bank bound being the
// candidate's bankNext: a bank's bounds move only with a command to it, which marks it, so the order holds
// until the bank is refreshed. A member's earliest cycle is at least max(bank bound, X), which grows along
// the walk, so the walk stops at the first member whose bound is later than the best found (its bank-group
// part is read as it goes). Random traffic keeps several rows waiting out tRAS or tRCD at once: the
// tie-ordered walk had to visit each of them, this one mostly stops at the second. The ACT group stays in
// tie order: ACTs mostly wait on the rank (tFAW, tRRD_S), where its first ready member ends the walk.
import { ACT as ACT_, PRE as PRE_, RD as RD_, WR as WR_, NCMD as NCMD_ } from '../commands.ts';
import { NOTHING_CHOSEN as NOTHING_CHOSEN_, type Choice } from '../state/choice.ts';
import { READS as READS_, type QueueKind } from '../state/queues.ts';
import { RequestCommand, NO_COMMAND as NO_COMMAND_ } from './request-command.ts';
import { NO_ROW as NO_ROW_, NO_CLAIM as NO_CLAIM_ } from '../state/banks.ts';
import { ADMITTED as ADMITTED_, type ChooseBasis, type Scheduler, type SchedulerContext } from './scheduler.ts';
// local copies: an imported binding is a module-variable load (and hole check) at every use in the hot loop
const NOTHING_CHOSEN = NOTHING_CHOSEN_;
const READS = READS_;
const NO_COMMAND = NO_COMMAND_;
const NO_ROW = NO_ROW_;
const NO_CLAIM = NO_CLAIM_;
const ADMITTED = ADMITTED_;

const ACT = ACT_;
const PRE = PRE_;
const RD = RD_;
const WR = WR_;
const NCMD = NCMD_;
const INF = Number.POSITIVE_INFINITY;
const NOT_HIT = 2 ** 40; // tie key offset of a non-column candidate (ages stay far below it)
/** Candidate groups per rank, by the kind of command. */
const GROUP_ACT = 0;
const GROUP_PRE = 1;
const GROUP_COLUMN = 2;
/** Column accesses of claimants from the queue not being drained (another command, another rank bound). */
const GROUP_OTHER_COLUMN = 3;
const GROUPS_PER_RANK = 4;
const NO_GROUP = -1;

function better(e: number, col: number, seq: number, be: number, bcol: number, bseq: number): boolean {
  if (e !== be) return e < be;
  if (col !== bcol) return col > bcol;
  return seq < bseq;
}

class FrFcfs implements Scheduler {
  readonly name = 'fr-fcfs';
  private readonly next: RequestCommand;
  /**
   * The candidate packed per bank: cand[4b] its command, cand[4b+1] its request slot, cand[4b+2] and
   * cand[4b+3] its slots in bankNext and bgNext (its earliest cycle is their max and the rank's).
   */
  private readonly cand: Int32Array;
  /** Tie order among equal cycles in one number: hits (col) before others, then age (seq < 2^40). */
  private readonly cTie: Float64Array;
  /** Order within a group before the tie: the candidate's bank bound (bankNext), 0 for an ACT (tie order). */
  private readonly cKey: Float64Array;
  // Candidates grouped by (rank, kind), each group's banks kept in tie order (group gi holds
  // grpMem[gi*banksPerRank ..+ grpCnt[gi]]); cGrp is a bank's group or NO_GROUP.
  private readonly grpMem: Int32Array;
  private readonly grpCnt: Int32Array;
  private readonly cGrp: Int32Array;
  // the context's arrays and sizes as own fields: one load each in the hot paths
  private readonly bpr: number;
  private readonly nb: number;
  private readonly bankRank: Int32Array;
  private readonly bankGroup: Int32Array;
  private readonly openRow: Int32Array;
  private readonly claim: Int32Array;
  private readonly qCount: Int32Array;
  private readonly qHits: Int32Array;
  private readonly qHead: Int32Array;
  private readonly qSeq: Float64Array;
  private readonly changed: Int32Array;
  private readonly arrived: Int32Array;
  private readonly bankWord: Int32Array;
  private readonly bankBit: Int32Array;
  private readonly bankNext: Float64Array;
  private readonly bgNext: Float64Array;
  private readonly rankNext: Float64Array;
  private readonly ranksPerCh: number;
  private readonly banksPerCh: number;
  private readonly wordsPerCh: number;

  constructor(private readonly ctx: SchedulerContext) {
    const g = ctx.geometry;
    const q = ctx.queues;
    this.bpr = g.banksPerRank;
    this.nb = q.banks;
    this.bankRank = g.bankRank;
    this.bankGroup = g.bankGroup;
    this.openRow = ctx.banks.openRow;
    this.claim = ctx.banks.claim;
    this.qCount = q.count;
    this.qHits = q.hits;
    this.qHead = q.head;
    this.qSeq = q.seq;
    this.changed = ctx.changes.words;
    this.arrived = ctx.changes.arrivals;
    this.bankWord = ctx.changes.bankWord;
    this.bankBit = ctx.changes.bankBit;
    this.bankNext = ctx.timing.bankNext;
    this.bgNext = ctx.timing.bgNext;
    this.rankNext = ctx.timing.rankNext;
    this.ranksPerCh = g.ranksPerCh;
    this.banksPerCh = g.banksPerCh;
    this.wordsPerCh = ctx.changes.wordsPerCh;
    this.next = new RequestCommand(ctx);
    this.cand = new Int32Array(g.banks * 4);
    this.cTie = new Float64Array(g.banks);
    this.cKey = new Float64Array(g.banks);
    this.grpMem = new Int32Array(g.ranks * GROUPS_PER_RANK * g.banksPerRank);
    this.grpCnt = new Int32Array(g.ranks * GROUPS_PER_RANK);
    this.cGrp = new Int32Array(g.banks).fill(NO_GROUP);
  }

  /** Takes bank b out of its candidate group. */
  private leaveGroup(b: number): void {
    const gi = this.cGrp[b];
    if (gi < 0) return;
    const mem = this.grpMem;
    const base = gi * this.bpr;
    const end = base + --this.grpCnt[gi];
    let i = base;
    while (mem[i] !== b) i++;
    for (; i < end; i++) mem[i] = mem[i + 1];
    this.cGrp[b] = NO_GROUP;
  }

  /** Bank x comes after bank b in its group: by key, then tie. */
  private after(x: number, b: number): boolean {
    const kx = this.cKey[x];
    const kb = this.cKey[b];
    return kx > kb || (kx === kb && this.cTie[x] > this.cTie[b]);
  }

  /** Puts bank b (key and tie already set) into group gi at its place in order. */
  private joinGroup(b: number, gi: number): void {
    const mem = this.grpMem;
    const base = gi * this.bpr;
    let i = base + this.grpCnt[gi]++;
    while (i > base && this.after(mem[i - 1], b)) {
      mem[i] = mem[i - 1];
      i--;
    }
    mem[i] = b;
    this.cGrp[b] = gi;
  }

  /** Recomputes bank b's cached candidate; false if the bank has nothing to offer. */
  private refresh(m: QueueKind, b: number): boolean {
    const w = this.bankWord[b];
    const bit = ~this.bankBit[b];
    this.changed[w] &= bit;
    this.arrived[w] &= bit;
    const li = m * this.nb + b;
    let cmd = NO_COMMAND;
    let s = this.next.claimOutside(m, b);
    let other = false;
    if (s !== NO_CLAIM) {
      cmd = this.next.of(this.next.claimQueue(b), b, s);
      other = true;
    } else if (this.qCount[li] > 0) {
      const row = this.openRow[b];
      if (row === NO_ROW || this.qHits[li] === 0) s = this.qHead[li];
      else {
        // a claimant of this queue is its oldest hit: its ACT was for the head of the bank's list (no row
        // was open), and only younger requests joined since
        s = this.claim[b];
        if (s === NO_CLAIM) s = this.ctx.queues.oldestTo(m, b, row);
      }
      cmd = this.next.of(m, b, s);
    }
    if (cmd === NO_COMMAND) {
      this.leaveGroup(b);
      return false;
    }
    const seq = this.qSeq[s];
    const tie = this.next.isColumn === 1 ? seq : NOT_HIT + seq;
    const gi = this.bankRank[b] * GROUPS_PER_RANK + (cmd === ACT ? GROUP_ACT : cmd === PRE ? GROUP_PRE : other ? GROUP_OTHER_COLUMN : GROUP_COLUMN);
    const key = cmd === ACT ? 0 : this.bankNext[b * NCMD + cmd];
    if (this.cGrp[b] !== gi) {
      this.leaveGroup(b);
      this.cTie[b] = tie;
      this.cKey[b] = key;
      this.joinGroup(b, gi);
    } else if (this.cTie[b] !== tie || this.cKey[b] !== key) {
      // same group, another request or bound: shift the bank to its new place (usually the end)
      const mem = this.grpMem;
      const base = gi * this.bpr;
      const end = base + this.grpCnt[gi] - 1;
      let i = base;
      while (mem[i] !== b) i++;
      const later = key > this.cKey[b] || (key === this.cKey[b] && tie > this.cTie[b]);
      this.cTie[b] = tie;
      this.cKey[b] = key;
      if (later) {
        for (; i < end && this.after(b, mem[i + 1]); i++) mem[i] = mem[i + 1];
      } else {
        for (; i > base && this.after(mem[i - 1], b); i--) mem[i] = mem[i - 1];
      }
      mem[i] = b;
    }
    const c = this.cand;
    const o = b * 4;
    c[o] = cmd;
    c[o + 1] = s;
    c[o + 2] = b * NCMD + cmd;
    c[o + 3] = this.bankGroup[b] * NCMD + cmd;
    return true;
  }

  choose(ch: number, m: QueueKind, rowFloor: number, colFloor: number, basis: ChooseBasis, out: Choice): void {
    const W = this.wordsPerCh;
    const w0 = ch * W;
    const b0 = ch * this.banksPerCh;
    const changed = this.changed;
    const arrived = this.arrived;
    const admitted = basis === ADMITTED;
    for (let w = w0; w < w0 + W; w++) {
      const full = changed[w];
      let st = full | arrived[w];
      const base = b0 + ((w - w0) << 5) + 31;
      while (st !== 0) {
        const low = st & -st;
        st ^= low;
        const b = base - Math.clz32(low);
        if ((full & low) === 0 && !this.arrivalsMatter(m, b)) {
          arrived[w] &= ~low;
          continue;
        }
        if (this.refresh(m, b) && admitted) this.offer(ch, b, rowFloor, colFloor, out);
      }
    }
    if (!admitted) this.search(ch, m, rowFloor, colFloor, out);
  }

  /**
   * Requests only joined bank b (at the tails of its lists): its candidate (oldest hit, else oldest) stays
   * unless it had none, or it was no hit and the open row now has one in the drain queue.
   */
  private arrivalsMatter(m: QueueKind, b: number): boolean {
    const li = m * this.nb + b;
    if (this.qCount[li] === 0) return false;
    return this.cGrp[b] === NO_GROUP || (this.qHits[li] > 0 && this.cTie[b] >= NOT_HIT);
  }

  /** ADMITTED: bank b's fresh candidate against the previous choice. */
  private offer(ch: number, b: number, rowFloor: number, colFloor: number, out: Choice): void {
    const cmd = this.cand[b * 4];
    const slot = this.cand[b * 4 + 1];
    const col = this.cTie[b] < NOT_HIT ? 1 : 0;
    let e = this.ctx.timing.earliest(cmd, b);
    const floor = col === 1 ? colFloor : rowFloor;
    if (e < floor) e = floor;
    const bs = out.slot[ch];
    if (bs === NOTHING_CHOSEN || better(e, col, this.qSeq[slot], out.t[ch], out.col[ch], this.qSeq[bs])) {
      out.set(ch, e, b, cmd, slot, col);
    }
  }

  /** RESCAN: the least candidate of the channel by (cycle, hit, age), walking the groups. */
  private search(ch: number, m: QueueKind, rowFloor: number, colFloor: number, out: Choice): void {
    // arrays in locals: nothing in the loops below calls out, so they stay in registers
    const mem = this.grpMem;
    const cnt = this.grpCnt;
    const cand = this.cand;
    const cTie = this.cTie;
    const cKey = this.cKey;
    const bankNext = this.bankNext;
    const bgNext = this.bgNext;
    const rankNext = this.rankNext;
    const bpr = this.bpr;
    const rpc = this.ranksPerCh;
    const colCmd = m === READS ? RD : WR;
    const otherColCmd = m === READS ? WR : RD;
    let be = INF;
    let btie = INF;
    let bb = -1;
    const r0 = ch * rpc;
    for (let r = r0; r < r0 + rpc; r++) {
      for (let kind = GROUP_OTHER_COLUMN; kind >= GROUP_ACT; kind--) {
        const gi = r * GROUPS_PER_RANK + kind;
        const n = cnt[gi];
        if (n === 0) continue;
        const cmd = kind === GROUP_OTHER_COLUMN ? otherColCmd : kind === GROUP_COLUMN ? colCmd : kind === GROUP_PRE ? PRE : ACT;
        const x = Math.max(rankNext[r * NCMD + cmd], kind >= GROUP_COLUMN ? colFloor : rowFloor);
        if (x > be) continue;
        const base = gi * bpr;
        if (kind !== GROUP_ACT) {
          // in (bank bound, tie) order: a member's earliest is at least max(its bank bound, x), which only grows
          for (let i = base; i < base + n; i++) {
            const b = mem[i];
            const k = cKey[b];
            const lb = k > x ? k : x;
            if (lb > be) break;
            const g = bgNext[cand[b * 4 + 3]];
            const e = lb > g ? lb : g;
            const t = cTie[b];
            if (e < be || (e === be && t < btie)) {
              be = e;
              btie = t;
              bb = b;
            }
          }
          continue;
        }
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
    if (bb >= 0) out.set(ch, be, bb, cand[bb * 4], cand[bb * 4 + 1], btie < NOT_HIT ? 1 : 0);
  }
}

export function frFcfs(ctx: SchedulerContext): Scheduler {
  return new FrFcfs(ctx);
}
