// The memory controller and the devices behind it, for every channel at once, as an event-driven loop:
// instead of ticking each cycle it computes, per channel, the earliest cycle at which the scheduler's
// preferred command can legally issue, and jumps the clock straight to the earliest event (a command,
// a request admission or a refresh deadline). Because state only changes at those events, the commands
// and cycles are the same as a cycle-by-cycle controller that issues at most one command per channel per
// cycle. All state lives in typed arrays indexed by bank / rank / request slot: nothing is allocated per
// request, and times are integers (memory cycles) held in doubles.
import {
  ACT as ACT_,
  PRE as PRE_,
  PREA as PREA_,
  RD as RD_,
  WR as WR_,
  RDA as RDA_,
  WRA as WRA_,
  REF as REF_,
  REFPB as REFPB_,
  NCMD as NCMD_,
} from './commands.ts';
import {
  compileTiming,
  SCOPE_BANK as SCOPE_BANK_,
  SCOPE_BG as SCOPE_BG_,
  SCOPE_RANK as SCOPE_RANK_,
  SCOPE_OTHER_RANK as SCOPE_OTHER_RANK_,
  type TimingTable,
} from './timing.ts';
import type { DramSpec } from './spec.ts';
import {
  createMapping,
  F_CH as F_CH_,
  F_RA as F_RA_,
  F_BG as F_BG_,
  F_BA as F_BA_,
  F_RO as F_RO_,
  F_CO as F_CO_,
  type AddressMapping,
} from './mapping/index.ts';
import { createScheduler, type Scheduler } from './scheduler/index.ts';
import type { CommandLog } from './command-log.ts';
// local copies: module bindings compiled to getters would sit in the hot loop
const ACT = ACT_;
const PRE = PRE_;
const PREA = PREA_;
const RD = RD_;
const WR = WR_;
const RDA = RDA_;
const WRA = WRA_;
const REF = REF_;
const REFPB = REFPB_;
const NCMD = NCMD_;
const SCOPE_BANK = SCOPE_BANK_;
const SCOPE_BG = SCOPE_BG_;
const SCOPE_RANK = SCOPE_RANK_;
const SCOPE_OTHER_RANK = SCOPE_OTHER_RANK_;
const F_CH = F_CH_;
const F_RA = F_RA_;
const F_BG = F_BG_;
const F_BA = F_BA_;
const F_RO = F_RO_;
const F_CO = F_CO_;

/** A stream of requests, read one at a time into the public fields (no object per request). */
export interface RequestSource {
  addr: number;
  write: boolean;
  /** Arrival time, memory cycles. */
  arrival: number;
  /** Loads the next request; false when there are no more. */
  next(): boolean;
  /** Optional bulk form: fills the arrays from index 0, returns the count (0 at the end). */
  nextBatch?(addr: Float64Array, write: Uint8Array, arrival: Float64Array): number;
}

/** Requests read ahead from the source per refill: the per-request call and field traffic is paid once. */
const BATCH = 1024;

const INF = Number.POSITIVE_INFINITY;
const LAT_BUCKETS = 1 << 16;

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

export class Controller {
  readonly spec: DramSpec;
  readonly mapping: AddressMapping;
  readonly scheduler: Scheduler;
  log: CommandLog | null = null;

  // geometry
  readonly NCH: number;
  readonly NR: number; // ranks, all channels
  readonly NBG: number; // bank groups, all channels
  readonly NB: number; // banks, all channels
  readonly banksPerCh: number;
  readonly banksPerRank: number;
  readonly ranksPerCh: number;
  readonly bankGroups: number;
  readonly banksPerGroup: number;
  readonly bankRank: Int32Array;
  readonly bankBG: Int32Array;

  // timing
  readonly tt: TimingTable;
  readonly bankNext: Float64Array;
  readonly bgNext: Float64Array;
  readonly rankNext: Float64Array;
  readonly faw: Float64Array; // last 4 ACT times per rank (ring)
  readonly fawPos: Int32Array;
  readonly tFAW: number;
  readonly rdDone: number;
  readonly wrDone: number;
  readonly closedPage: boolean;

  // banks
  readonly openRow: Int32Array;
  readonly colSinceAct: Int32Array;
  readonly preForWaiter: Uint8Array; // a scheduler PRE closed this bank for a waiting request
  readonly actConflict: Uint8Array; // the open row's first access is a row conflict
  readonly rankOpen: Int32Array; // open banks per rank (background energy)
  readonly rankActiveSince: Float64Array;
  readonly rankActiveCycles: Float64Array;

  // request slots
  readonly cap0: number;
  readonly cap1: number;
  readonly sRow: Int32Array;
  readonly sCol: Int32Array;
  readonly sBank: Int32Array;
  readonly sNext: Int32Array;
  readonly sPrev: Int32Array;
  readonly sSeq: Float64Array;
  readonly sArrive: Float64Array;
  readonly freeStack: Int32Array;
  freeTop: number;
  seq = 0;
  /** Requests in all queues. */
  queued = 0;

  // per (mode, bank) lists: index m*NB + b; mode 0 = reads, 1 = writes
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly cnt: Int32Array;
  readonly hits: Int32Array;
  // per channel
  readonly qCount: Int32Array; // ch*2 + m
  readonly writeMode: Uint8Array;
  readonly cmdFree: Float64Array;
  readonly dirty: Uint8Array;
  readonly bestT: Float64Array;
  readonly bestBank: Int32Array;
  readonly bestCmd: Int32Array;
  readonly bestSlot: Int32Array;
  readonly bestCol: Uint8Array;
  readonly wrHighN: number;
  readonly wrLowN: number;

  // refresh
  readonly refMode: number; // 0 none, 1 all-bank, 2 per-bank
  readonly refInterval: number;
  readonly refDue: Float64Array;
  readonly refPending: Uint8Array; // per rank (all-bank)
  readonly pbBank: Int32Array; // per rank: bank (global) being refreshed next (per-bank)
  readonly bankRefPending: Uint8Array;

  // per-bank candidate cache for schedulers that keep one candidate per bank: 0 = stale, 1 = valid,
  // -1 = the bank has nothing to offer.
  readonly cValid: Int8Array;
  /**
   * The candidate packed per bank (one array, so a refresh touches one buffer): cand[4b] its command,
   * cand[4b+1] its request slot, cand[4b+2] and cand[4b+3] its slots in bankNext and bgNext (its
   * earliest cycle is their max and the rank's).
   */
  readonly cand: Int32Array;
  /** Tie order among equal cycles in one number: hits (col) before others, then age (seq < 2^40). */
  readonly cTie: Float64Array;
  // Candidates grouped by (rank, kind: 0 ACT, 1 PRE, 2 column), each group's banks kept in tie order
  // (group gi holds grpMem[gi*banksPerRank ..+ grpCnt[gi]]); cGrp is a bank's group or -1.
  readonly grpMem: Int32Array;
  readonly grpCnt: Int32Array;
  readonly cGrp: Int32Array;
  // `staleMask`: bit sets over each channel's banks (maskWords 32-bit words per channel, bank i of the
  // channel at word i>>5, bit i&31) of the banks whose candidate must be recomputed.
  readonly maskWords: number;
  readonly staleMask: Int32Array;
  readonly bankWord: Int32Array;
  readonly bankBit: Int32Array;

  // scratch candidate written by evaluators
  candE = 0;
  candCmd = 0;
  candCol = 0;

  // pending (decoded, not yet admitted) request from the source
  private src: RequestSource | null = null;
  private pValid = false;
  private pArr = 0;
  private pWrite = 0;
  private pCh = 0;
  private pBank = 0;
  private pRow = 0;
  private pCol = 0;
  private readonly fields = new Int32Array(6);
  private readonly bAddr = new Float64Array(BATCH);
  private readonly bWrite = new Uint8Array(BATCH);
  private readonly bArr = new Float64Array(BATCH);
  private bPos = 0;
  private bLen = 0;

  now = 0;
  lastDone = 0;
  // the next refresh deadline and its rank, valid while refScan is false
  private refScan = true;
  private tRef = INF;
  private rRef = -1;

  // statistics
  reads = 0;
  writes = 0;
  forwarded = 0;
  rowHits = 0;
  rowMisses = 0;
  rowConflicts = 0;
  readonly cmdCount = new Float64Array(NCMD);
  readLatSum = 0;
  readonly latHist = new Uint32Array(LAT_BUCKETS + 1);
  latMax = 0;

  constructor(spec: DramSpec) {
    this.spec = spec;
    const o = spec.org;
    const t = spec.timing;
    this.mapping = createMapping(spec, spec.ctrl.mapping);
    this.scheduler = createScheduler(spec.ctrl.scheduler);
    this.NCH = o.channels;
    this.ranksPerCh = o.ranks;
    this.bankGroups = o.bankGroups;
    this.banksPerGroup = o.banksPerGroup;
    this.banksPerRank = o.bankGroups * o.banksPerGroup;
    this.banksPerCh = this.banksPerRank * o.ranks;
    this.NR = o.channels * o.ranks;
    this.NBG = this.NR * o.bankGroups;
    this.NB = this.NR * this.banksPerRank;
    this.bankRank = new Int32Array(this.NB);
    this.bankBG = new Int32Array(this.NB);
    for (let b = 0; b < this.NB; b++) {
      this.bankRank[b] = Math.floor(b / this.banksPerRank);
      this.bankBG[b] = Math.floor(b / o.banksPerGroup);
    }
    this.tt = withoutAutoPrechargeTargets(compileTiming(t));
    this.bankNext = new Float64Array(this.NB * NCMD);
    this.bgNext = new Float64Array(this.NBG * NCMD);
    this.rankNext = new Float64Array(this.NR * NCMD);
    this.faw = new Float64Array(this.NR * 4).fill(-1e15);
    this.fawPos = new Int32Array(this.NR);
    this.tFAW = t.FAW;
    this.rdDone = t.CL + t.BL;
    this.wrDone = t.CWL + t.BL;
    this.closedPage = spec.ctrl.pagePolicy === 'closed';

    this.openRow = new Int32Array(this.NB).fill(-1);
    this.colSinceAct = new Int32Array(this.NB);
    this.preForWaiter = new Uint8Array(this.NB);
    this.actConflict = new Uint8Array(this.NB);
    this.rankOpen = new Int32Array(this.NR);
    this.rankActiveSince = new Float64Array(this.NR);
    this.rankActiveCycles = new Float64Array(this.NR);

    this.cap0 = spec.ctrl.readQueue;
    this.cap1 = spec.ctrl.writeQueue;
    const slots = this.NCH * (this.cap0 + this.cap1);
    this.sRow = new Int32Array(slots);
    this.sCol = new Int32Array(slots);
    this.sBank = new Int32Array(slots);
    this.sNext = new Int32Array(slots);
    this.sPrev = new Int32Array(slots);
    this.sSeq = new Float64Array(slots);
    this.sArrive = new Float64Array(slots);
    this.freeStack = new Int32Array(slots);
    for (let i = 0; i < slots; i++) this.freeStack[i] = slots - 1 - i;
    this.freeTop = slots;

    this.head = new Int32Array(2 * this.NB).fill(-1);
    this.tail = new Int32Array(2 * this.NB).fill(-1);
    this.cnt = new Int32Array(2 * this.NB);
    this.hits = new Int32Array(2 * this.NB);
    this.qCount = new Int32Array(2 * this.NCH);
    this.writeMode = new Uint8Array(this.NCH);
    this.cmdFree = new Float64Array(this.NCH);
    this.dirty = new Uint8Array(this.NCH).fill(1);
    this.bestT = new Float64Array(this.NCH).fill(INF);
    this.bestBank = new Int32Array(this.NCH);
    this.bestCmd = new Int32Array(this.NCH);
    this.bestSlot = new Int32Array(this.NCH);
    this.bestCol = new Uint8Array(this.NCH);
    this.wrHighN = spec.ctrl.wrHigh * this.cap1;
    this.wrLowN = spec.ctrl.wrLow * this.cap1;

    this.refMode = spec.ctrl.refresh === 'none' ? 0 : spec.ctrl.refresh === 'perbank' ? 2 : 1;
    this.refInterval = this.refMode === 2 ? Math.max(1, Math.floor(t.REFI / this.banksPerRank)) : t.REFI;
    this.refDue = new Float64Array(this.NR).fill(this.refMode === 0 ? INF : this.refInterval);
    this.refPending = new Uint8Array(this.NR);
    this.pbBank = new Int32Array(this.NR);
    for (let r = 0; r < this.NR; r++) this.pbBank[r] = r * this.banksPerRank;
    this.bankRefPending = new Uint8Array(this.NB);
    this.cValid = new Int8Array(this.NB);
    this.cand = new Int32Array(this.NB * 4);
    this.cTie = new Float64Array(this.NB);
    this.grpMem = new Int32Array(this.NR * 3 * this.banksPerRank);
    this.grpCnt = new Int32Array(this.NR * 3);
    this.cGrp = new Int32Array(this.NB).fill(-1);
    this.maskWords = (this.banksPerCh + 31) >> 5;
    this.staleMask = new Int32Array(this.NCH * this.maskWords);
    this.bankWord = new Int32Array(this.NB);
    this.bankBit = new Int32Array(this.NB);
    for (let b = 0; b < this.NB; b++) {
      const ch = Math.floor(b / this.banksPerCh);
      const i = b - ch * this.banksPerCh;
      this.bankWord[b] = ch * this.maskWords + (i >> 5);
      this.bankBit[b] = 1 << (i & 31);
    }
    this.invalidateRange(0, this.NB);
  }

  /** Marks bank b as needing a fresh candidate. */
  markStale(b: number): void {
    this.cValid[b] = 0;
    this.staleMask[this.bankWord[b]] |= this.bankBit[b];
  }
  private invalidateRange(b0: number, b1: number): void {
    for (let b = b0; b < b1; b++) this.markStale(b);
  }
  /** Marks every bank of rank r (or of channel ch) as needing a fresh candidate. */
  invalidateRank(r: number): void {
    this.invalidateRange(r * this.banksPerRank, (r + 1) * this.banksPerRank);
  }
  invalidateChannel(ch: number): void {
    this.invalidateRange(ch * this.banksPerCh, (ch + 1) * this.banksPerCh);
  }

  // ---------------------------------------------------------------- timing

  /** Earliest cycle `cmd` may issue to bank `b` under the device timing (not the command bus). */
  earliest(cmd: number, b: number): number {
    const r = this.bankRank[b];
    let e = this.bankNext[b * NCMD + cmd];
    const g = this.bgNext[this.bankBG[b] * NCMD + cmd];
    if (g > e) e = g;
    const k = this.rankNext[r * NCMD + cmd];
    if (k > e) e = k;
    return e; // tFAW is folded into rankNext[ACT] (applyTiming)
  }

  private applyTiming(cmd: number, b: number, t: number): void {
    const st = this.tt.start;
    const p = this.tt.pairs;
    let i = st[SCOPE_BANK * NCMD + cmd];
    let end = st[SCOPE_BANK * NCMD + cmd + 1];
    const bn = this.bankNext;
    const bo = b * NCMD;
    for (; i < end; i += 2) {
      const v = t + p[i + 1];
      if (v > bn[bo + p[i]]) bn[bo + p[i]] = v;
    }
    i = st[SCOPE_BG * NCMD + cmd];
    end = st[SCOPE_BG * NCMD + cmd + 1];
    const gn = this.bgNext;
    const go = this.bankBG[b] * NCMD;
    for (; i < end; i += 2) {
      const v = t + p[i + 1];
      if (v > gn[go + p[i]]) gn[go + p[i]] = v;
    }
    const r = this.bankRank[b];
    i = st[SCOPE_RANK * NCMD + cmd];
    end = st[SCOPE_RANK * NCMD + cmd + 1];
    const rn = this.rankNext;
    const ro = r * NCMD;
    for (; i < end; i += 2) {
      const v = t + p[i + 1];
      if (v > rn[ro + p[i]]) rn[ro + p[i]] = v;
    }
    if (this.ranksPerCh > 1) {
      const i0 = st[SCOPE_OTHER_RANK * NCMD + cmd];
      const e0 = st[SCOPE_OTHER_RANK * NCMD + cmd + 1];
      if (e0 > i0) {
        const r0 = r - (r % this.ranksPerCh);
        for (let r2 = r0; r2 < r0 + this.ranksPerCh; r2++) {
          if (r2 === r) continue;
          for (i = i0; i < e0; i += 2) {
            const v = t + p[i + 1];
            if (v > rn[r2 * NCMD + p[i]]) rn[r2 * NCMD + p[i]] = v;
          }
        }
      }
    }
    if (cmd === ACT) {
      // tFAW: the next ACT waits for the 4th-last ACT + tFAW. That bound changes only here, and only
      // grows, so it is folded into rankNext[ACT] once instead of being re-derived by every lookup.
      const q = r * 4;
      this.faw[q + this.fawPos[r]] = t;
      const pos = (this.fawPos[r] + 1) & 3;
      this.fawPos[r] = pos;
      const f = this.faw[q + pos] + this.tFAW;
      if (f > rn[ro + ACT]) rn[ro + ACT] = f;
    }
  }

  // ---------------------------------------------------------------- candidates (used by schedulers)

  /** Oldest queued request of list (m, b) that hits the open row, or -1. */
  oldestHit(m: number, b: number): number {
    const row = this.openRow[b];
    let s = this.head[m * this.NB + b];
    while (s >= 0 && this.sRow[s] !== row) s = this.sNext[s];
    return s;
  }

  /**
   * The next command slot s (of list m, bank b) needs: its column access if its row is open, else the PRE
   * of the open row, else its ACT; -1 if refresh forbids new work on the bank (a just-activated access
   * may still finish). Sets candCol (1 for a column command).
   */
  commandFor(m: number, b: number, s: number): number {
    const row = this.openRow[b];
    const blocked = this.refPending[this.bankRank[b]] === 1 || this.bankRefPending[b] === 1;
    this.candCol = 0;
    if (row === this.sRow[s]) {
      if (blocked && this.colSinceAct[b] > 0) return -1;
      this.candCol = 1;
      return m === 0 ? RD : WR;
    }
    if (blocked) return -1;
    return row >= 0 ? PRE : ACT;
  }

  /**
   * The command a request-level policy wants for slot s (its row hit, the PRE of a conflicting row, or
   * the ACT of its row) and its earliest legal cycle >= floor, into cand*. Returns false if refresh
   * forbids it.
   */
  evalSlot(m: number, b: number, s: number, floor: number): boolean {
    const cmd = this.commandFor(m, b, s);
    if (cmd < 0) return false;
    const e = this.earliest(cmd, b);
    this.candE = e > floor ? e : floor;
    this.candCmd = cmd;
    return true;
  }

  /** Offers the refresh work of channel ch against the current best; refresh wins ties. */
  offerRefresh(ch: number, floor: number): void {
    if (this.refMode === 0) return;
    const r0 = ch * this.ranksPerCh;
    for (let r = r0; r < r0 + this.ranksPerCh; r++) {
      if (this.refMode === 1) {
        if (!this.refPending[r]) continue;
        let cmd = REF;
        let e = this.rankNext[r * NCMD + REF];
        if (this.rankOpen[r] > 0) {
          cmd = PREA;
          e = this.rankNext[r * NCMD + PREA];
          const b0 = r * this.banksPerRank;
          for (let b = b0; b < b0 + this.banksPerRank; b++) {
            if (this.openRow[b] >= 0) {
              const x = this.bankNext[b * NCMD + PRE];
              if (x > e) e = x;
            }
          }
        }
        if (e < floor) e = floor;
        if (e <= this.bestT[ch]) this.setBest(ch, e, r * this.banksPerRank, cmd, -1, 0);
      } else {
        const b = this.pbBank[r];
        if (!this.bankRefPending[b]) continue;
        const cmd = this.openRow[b] >= 0 ? PRE : REFPB;
        let e = this.earliest(cmd, b);
        if (e < floor) e = floor;
        if (e <= this.bestT[ch]) this.setBest(ch, e, b, cmd, -1, 0);
      }
    }
  }

  setBest(ch: number, e: number, b: number, cmd: number, slot: number, col: number): void {
    this.bestT[ch] = e;
    this.bestBank[ch] = b;
    this.bestCmd[ch] = cmd;
    this.bestSlot[ch] = slot;
    this.bestCol[ch] = col;
  }

  floorOf(ch: number): number {
    const f = this.cmdFree[ch];
    return f > this.now ? f : this.now;
  }

  // ---------------------------------------------------------------- queues

  /** Loads the next request from the read-ahead batch (refilled from the source) into p*. */
  private pull(): void {
    if (this.bPos === this.bLen) {
      this.bPos = 0;
      this.bLen = this.src === null ? 0 : this.refill(this.src);
      if (this.bLen === 0) {
        this.pValid = false;
        return;
      }
    }
    const i = this.bPos++;
    const f = this.fields;
    this.mapping.decode(this.bAddr[i], f);
    const ch = f[F_CH];
    this.pValid = true;
    this.pCh = ch;
    this.pBank = ((ch * this.ranksPerCh + f[F_RA]) * this.bankGroups + f[F_BG]) * this.banksPerGroup + f[F_BA];
    this.pRow = f[F_RO];
    this.pCol = f[F_CO];
    this.pWrite = this.bWrite[i];
    this.pArr = this.bArr[i];
  }

  private refill(src: RequestSource): number {
    if (src.nextBatch !== undefined) return src.nextBatch(this.bAddr, this.bWrite, this.bArr);
    let n = 0;
    while (n < BATCH && src.next()) {
      this.bAddr[n] = src.addr;
      this.bWrite[n] = src.write ? 1 : 0;
      this.bArr[n] = src.arrival;
      n++;
    }
    return n;
  }

  private hasSpace(): boolean {
    const m = this.pWrite;
    return this.qCount[this.pCh * 2 + m] < (m === 0 ? this.cap0 : this.cap1);
  }

  /** Admits the pending request at cycle `now`. */
  private admit(): void {
    const m = this.pWrite;
    const b = this.pBank;
    const ch = this.pCh;
    const row = this.pRow;
    const col = this.pCol;
    const NB = this.NB;
    if (m === 0) {
      // a read of data still waiting in the write queue is answered from it (as DRAMSim3 and Ramulator 2 do)
      let s = this.head[NB + b];
      while (s >= 0) {
        if (this.sRow[s] === row && this.sCol[s] === col) {
          this.reads++;
          this.forwarded++;
          this.latHist[0]++;
          if (this.now > this.lastDone) this.lastDone = this.now;
          return;
        }
        s = this.sNext[s];
      }
    }
    const s = this.freeStack[--this.freeTop];
    this.sRow[s] = row;
    this.sCol[s] = col;
    this.sBank[s] = b;
    this.sSeq[s] = this.seq++;
    this.sArrive[s] = this.now;
    const li = m * NB + b;
    // The bank's candidate (for the current mode's list) is its oldest hit, else its oldest request, so a
    // newcomer (the youngest) changes it only if the list was empty or it is the list's first hit.
    const changes = this.writeMode[ch] === m && (this.cnt[li] === 0 || (this.hits[li] === 0 && this.openRow[b] === row));
    const t = this.tail[li];
    this.sPrev[s] = t;
    this.sNext[s] = -1;
    if (t >= 0) this.sNext[t] = s;
    else this.head[li] = s;
    this.tail[li] = s;
    this.cnt[li]++;
    if (this.openRow[b] === row) this.hits[li]++;
    this.qCount[ch * 2 + m]++;
    this.queued++;
    if (changes) this.markStale(b);
    if (!this.updateMode(ch) && this.writeMode[ch] === m && this.dirty[ch] === 0) this.scheduler.onAdmit(this, ch, b, s);
  }

  private unlink(m: number, s: number): void {
    const li = m * this.NB + this.sBank[s];
    const p = this.sPrev[s];
    const n = this.sNext[s];
    if (p >= 0) this.sNext[p] = n;
    else this.head[li] = n;
    if (n >= 0) this.sPrev[n] = p;
    else this.tail[li] = p;
    this.cnt[li]--;
    this.freeStack[this.freeTop++] = s;
  }

  /** Read/write drain switching with watermarks (Ramulator 2 style); true if the mode changed. */
  private updateMode(ch: number): boolean {
    const r = this.qCount[ch * 2];
    const w = this.qCount[ch * 2 + 1];
    const wm = this.writeMode[ch];
    let next = wm;
    if (wm === 0) {
      if (w > this.wrHighN || (r === 0 && w > 0)) next = 1;
    } else if ((w < this.wrLowN || w === 0) && r > 0) next = 0;
    if (next !== wm) {
      this.writeMode[ch] = next;
      this.dirty[ch] = 1;
      this.invalidateChannel(ch);
      return true;
    }
    return false;
  }

  private recountHits(b: number): void {
    const row = this.openRow[b];
    for (let m = 0; m < 2; m++) {
      let n = 0;
      let s = this.head[m * this.NB + b];
      while (s >= 0) {
        if (this.sRow[s] === row) n++;
        s = this.sNext[s];
      }
      this.hits[m * this.NB + b] = n;
    }
  }

  private closeBank(b: number, t: number): void {
    this.openRow[b] = -1;
    this.hits[b] = 0;
    this.hits[this.NB + b] = 0;
    const r = this.bankRank[b];
    if (--this.rankOpen[r] === 0) this.rankActiveCycles[r] += t - this.rankActiveSince[r];
  }

  // ---------------------------------------------------------------- issue

  private issue(ch: number): void {
    const t = this.bestT[ch];
    const b = this.bestBank[ch];
    let cmd = this.bestCmd[ch];
    const s = this.bestSlot[ch];
    this.now = t;
    this.cmdFree[ch] = t + 1;
    this.dirty[ch] = 1;
    this.markStale(b);
    const r = this.bankRank[b];
    if (cmd === RD || cmd === WR) {
      const m = cmd === WR ? 1 : 0;
      const li = m * this.NB + b;
      if (this.closedPage && this.hits[li] === 1 && this.hits[(1 - m) * this.NB + b] === 0) cmd = m ? WRA : RDA;
      this.applyTiming(cmd, b, t);
      if (this.colSinceAct[b] === 0) {
        if (this.actConflict[b]) this.rowConflicts++;
        else this.rowMisses++;
      } else this.rowHits++;
      this.colSinceAct[b]++;
      this.hits[li]--;
      this.qCount[ch * 2 + m]--;
      this.queued--;
      let done: number;
      if (m === 0) {
        done = t + this.rdDone;
        this.reads++;
        const lat = done - this.sArrive[s];
        this.readLatSum += lat;
        this.latHist[lat < LAT_BUCKETS ? lat : LAT_BUCKETS]++;
        if (lat > this.latMax) this.latMax = lat;
      } else {
        done = t + this.wrDone;
        this.writes++;
      }
      if (done > this.lastDone) this.lastDone = done;
      if (this.log !== null) this.log.push(t, cmd, b, this.sRow[s], this.sCol[s]);
      this.unlink(m, s);
      if (cmd === RDA || cmd === WRA) this.closeBank(b, t);
      this.updateMode(ch);
    } else {
      this.applyTiming(cmd, b, t);
      if (cmd === ACT) {
        const row = this.sRow[s];
        if (this.log !== null) this.log.push(t, cmd, b, row, 0);
        this.openRow[b] = row;
        this.colSinceAct[b] = 0;
        this.actConflict[b] = this.preForWaiter[b];
        this.preForWaiter[b] = 0;
        if (this.rankOpen[r]++ === 0) this.rankActiveSince[r] = t;
        this.recountHits(b);
      } else if (cmd === PRE) {
        if (this.log !== null) this.log.push(t, cmd, b, this.openRow[b], 0);
        this.closeBank(b, t);
        this.preForWaiter[b] = s >= 0 ? 1 : 0;
      } else if (cmd === PREA) {
        if (this.log !== null) this.log.push(t, cmd, b, 0, 0);
        this.invalidateRank(r);
        const b0 = r * this.banksPerRank;
        for (let x = b0; x < b0 + this.banksPerRank; x++) {
          if (this.openRow[x] >= 0) this.closeBank(x, t);
          this.preForWaiter[x] = 0;
        }
      } else if (cmd === REF) {
        if (this.log !== null) this.log.push(t, cmd, b, 0, 0);
        this.refPending[r] = 0;
        this.refDue[r] += this.refInterval;
        this.refScan = true;
        this.invalidateRank(r);
      } else if (cmd === REFPB) {
        if (this.log !== null) this.log.push(t, cmd, b, 0, 0);
        this.bankRefPending[b] = 0;
        const b0 = r * this.banksPerRank;
        this.pbBank[r] = b0 + ((b - b0 + 1) % this.banksPerRank);
        this.refDue[r] += this.refInterval;
        this.refScan = true;
      }
    }
    this.cmdCount[cmd]++;
  }

  // ---------------------------------------------------------------- the loop

  private hasWork(): boolean {
    return this.pValid || this.queued > 0;
  }

  /** Serves every request of `src`; returns the cycle at which the last one completed. */
  run(src: RequestSource): number {
    this.src = src;
    this.bPos = 0;
    this.bLen = 0;
    this.pull();
    const NCH = this.NCH;
    for (;;) {
      // admit what has arrived, in order, while the target queue has room (head-of-line blocking)
      while (this.pValid && this.pArr <= this.now && this.hasSpace()) {
        this.admit();
        this.pull();
      }
      if (!this.hasWork()) break;
      // next refresh deadline among ranks not already pending (rescanned only when refresh state moved)
      if (this.refScan) {
        this.refScan = false;
        let tRef = INF;
        let rRef = -1;
        if (this.refMode !== 0) {
          for (let r = 0; r < this.NR; r++) {
            if (this.refPending[r] === 0 && (this.refMode === 1 || this.bankRefPending[this.pbBank[r]] === 0) && this.refDue[r] < tRef) {
              tRef = this.refDue[r];
              rRef = r;
            }
          }
        }
        this.tRef = tRef;
        this.rRef = rRef;
      }
      const tRef = this.tRef;
      const rRef = this.rRef;
      let tCmd = INF;
      let chCmd = -1;
      for (let ch = 0; ch < NCH; ch++) {
        if (this.dirty[ch] !== 0) {
          this.dirty[ch] = 0;
          this.bestT[ch] = INF;
          this.bestSlot[ch] = -2;
          const floor = this.floorOf(ch);
          this.scheduler.choose(this, ch, floor);
          if (this.refMode !== 0) this.offerRefresh(ch, floor);
        }
        if (this.bestT[ch] < tCmd) {
          tCmd = this.bestT[ch];
          chCmd = ch;
        }
      }
      const tArr = this.pValid && this.hasSpace() ? (this.pArr > this.now ? this.pArr : this.now) : INF;
      if (tRef <= tCmd && tRef <= tArr && tRef !== INF) {
        if (tRef > this.now) this.now = tRef;
        this.refScan = true;
        if (this.refMode === 1) {
          this.refPending[rRef] = 1;
          this.invalidateRank(rRef);
        } else {
          this.bankRefPending[this.pbBank[rRef]] = 1;
          this.markStale(this.pbBank[rRef]);
        }
        this.dirty[Math.floor(rRef / this.ranksPerCh)] = 1;
        continue;
      }
      if (tArr <= tCmd) {
        if (tArr === INF) throw new Error('DRAM controller stalled: requests wait but no command can issue');
        this.now = tArr;
        continue;
      }
      this.issue(chCmd);
    }
    this.src = null;
    return this.lastDone;
  }

  // ---------------------------------------------------------------- results

  p99ReadLatency(): number {
    const n = this.reads;
    if (n === 0) return 0;
    const target = Math.ceil(n * 0.99);
    let acc = 0;
    for (let i = 0; i <= LAT_BUCKETS; i++) {
      acc += this.latHist[i];
      if (acc >= target) return i === LAT_BUCKETS ? this.latMax : i;
    }
    return this.latMax;
  }

  /** Cycles each rank had at least one row open, up to cycle `end`. */
  activeCycles(end: number): Float64Array {
    const out = Float64Array.from(this.rankActiveCycles);
    for (let r = 0; r < this.NR; r++) if (this.rankOpen[r] > 0) out[r] += Math.max(0, end - this.rankActiveSince[r]);
    return out;
  }
}
