// The memory controller and the devices behind it, for every channel at once, as an event-driven loop:
// instead of ticking each cycle it computes, per channel, the earliest cycle at which the scheduler's
// preferred command can legally issue, and jumps the clock straight to the earliest event (a command,
// a request admission or a refresh deadline). Because state only changes at those events, the commands
// and cycles are the same as a cycle-by-cycle controller that issues at most one command per command bus
// per cycle: one bus per channel, or (HBM) a row bus and a column bus shared by a channel's pseudo
// channels, where a row and a column command may issue in the same cycle and an ACT holds the row bus
// for actCycles. All state lives in typed arrays indexed by bank / rank / request slot (../state): nothing is
// allocated per request, and times are integers (memory cycles) held in doubles.
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
  REFSB,
  isColumnCommand,
} from '../commands.ts';
import { commandInterface, type DramSpec } from '../spec.ts';
import { createMapping, type AddressMapping } from '../mapping/index.ts';
import {
  schedulerFactory,
  RESCAN as RESCAN_,
  ADMITTED as ADMITTED_,
  type Scheduler,
  type SchedulerContext,
  type SchedulerFactory,
} from '../scheduler/index.ts';
import { BY_REFRESH as BY_REFRESH_, type CommandSink } from '../command-log.ts';
import type { RequestSource } from '../request-source.ts';
import { Geometry } from '../state/geometry.ts';
import { TimingState } from '../state/timing-state.ts';
import { BankState, NO_ROW as NO_ROW_, NO_CLAIM as NO_CLAIM_ } from '../state/banks.ts';
import { BankChanges } from '../state/changes.ts';
import { RequestQueues, READS as READS_, WRITES as WRITES_, type QueueKind } from '../state/queues.ts';
import { Choice, REFRESH_WORK as REFRESH_WORK_ } from '../state/choice.ts';
import { Intake } from './intake.ts';
import { Refresh } from './refresh.ts';
import { ControllerStats } from './stats.ts';
const RESCAN = RESCAN_;
const ADMITTED = ADMITTED_;
const BY_REFRESH = BY_REFRESH_;
const NO_ROW = NO_ROW_;
const NO_CLAIM = NO_CLAIM_;
const READS = READS_;
const WRITES = WRITES_;
const REFRESH_WORK = REFRESH_WORK_;
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
const INF = Number.POSITIVE_INFINITY;

export interface ControllerOptions {
  /** The scheduler to use instead of the spec's (tests use a plain reference). */
  scheduler?: SchedulerFactory;
  /** Step through idle time refresh by refresh instead of skipping it in closed form (tests compare both). */
  stepThroughIdle?: boolean;
}

/** A gap shorter than this many refresh intervals is stepped through (skipping it would save little). */
const IDLE_SKIP_INTERVALS = 4;

export class Controller {
  readonly spec: DramSpec;
  readonly mapping: AddressMapping;
  readonly geometry: Geometry;
  readonly timing: TimingState;
  readonly banks: BankState;
  readonly queues: RequestQueues;
  readonly changes: BankChanges;
  readonly context: SchedulerContext;
  readonly scheduler: Scheduler;
  readonly refresh: Refresh;
  readonly stats: ControllerStats;
  readonly choice: Choice;
  log: CommandSink | null = null;

  /** Per channel: the queue being served (read/write drain mode, switched by watermarks). */
  readonly drain: Uint8Array;
  /**
   * Per channel: the cycle its row (ACT, PRE, REF) and column (RD, WR) command buses are next free. With
   * one shared command bus both names hold the same array.
   */
  private readonly rowFree: Float64Array;
  private readonly colFree: Float64Array;
  private readonly rowColumn: boolean;
  /** One command bus per channel and one-cycle commands (DDR, LPDDR): the bus is free the next cycle. */
  private readonly plainBus: boolean;
  /** Row-bus cycles of an ACT. */
  private readonly actCycles: number;
  /** Per channel: its choice must be recomputed from scratch. */
  private readonly needsChoice: Uint8Array;
  private readonly intake: Intake;
  private readonly rdDone: number;
  private readonly wrDone: number;
  private readonly closedPage: boolean;
  private readonly wrHighN: number;
  private readonly wrLowN: number;

  private readonly onePerCycle: boolean;
  /** The first cycle the front end may admit another request (one-per-cycle front end). */
  private nextAdmit = 0;

  now = 0;
  /** The cycle the last served request completed. */
  lastDone = 0;
  /** Set when run() stopped at its cycle budget with work left. */
  stoppedAtBudget = false;

  private readonly idleSkipMin: number;

  constructor(spec: DramSpec, options: ControllerOptions = {}) {
    this.spec = spec;
    const t = spec.timing;
    this.mapping = createMapping(spec, spec.ctrl.mapping);
    const g = (this.geometry = new Geometry(spec.org));
    const bus = commandInterface(spec.org);
    this.timing = new TimingState(t, g, bus.actCycles);
    this.banks = new BankState(g);
    this.queues = new RequestQueues(g, spec.ctrl.readQueue, spec.ctrl.writeQueue);
    this.changes = new BankChanges(g);
    this.context = { geometry: g, timing: this.timing, banks: this.banks, queues: this.queues, changes: this.changes };
    this.scheduler = (options.scheduler ?? schedulerFactory(spec.ctrl.scheduler))(this.context);
    this.refresh = new Refresh(spec, g, this.banks, this.timing, this.changes);
    this.choice = new Choice(g.channels);
    this.stats = new ControllerStats(g.channels);
    this.onePerCycle = spec.ctrl.frontend === 'one-per-cycle';
    this.idleSkipMin = options.stepThroughIdle === true || !this.refresh.enabled ? INF : IDLE_SKIP_INTERVALS * this.refresh.interval;
    this.intake = new Intake(this.mapping, g);
    this.drain = new Uint8Array(g.channels).fill(READS);
    this.rowColumn = bus.rowColumn;
    this.actCycles = bus.actCycles;
    this.plainBus = !bus.rowColumn && bus.pseudoChannels === 1 && bus.actCycles === 1;
    this.rowFree = new Float64Array(g.channels);
    this.colFree = bus.rowColumn ? new Float64Array(g.channels) : this.rowFree;
    this.needsChoice = new Uint8Array(g.channels).fill(1);
    this.rdDone = t.CL + t.BL;
    this.wrDone = t.CWL + t.BL;
    this.closedPage = spec.ctrl.pagePolicy === 'closed';
    this.wrHighN = spec.ctrl.wrHigh * spec.ctrl.writeQueue;
    this.wrLowN = spec.ctrl.wrLow * spec.ctrl.writeQueue;
  }

  private rowFloorOf(ch: number): number {
    const f = this.rowFree[ch];
    return f > this.now ? f : this.now;
  }

  private colFloorOf(ch: number): number {
    const f = this.colFree[ch];
    return f > this.now ? f : this.now;
  }

  /**
   * Command `cmd` issued on channel ch at cycle t holds its bus (row or column; the one bus where they are
   * shared) for one cycle, an ACT for actCycles, for every channel sharing it. A sibling whose choice
   * needed that bus sooner chooses again; a later choice, or one on the other bus, still stands.
   */
  private occupyBus(ch: number, cmd: number, t: number): void {
    const column = isColumnCommand(cmd);
    const free = t + (cmd === ACT ? this.actCycles : 1);
    const busFree = this.rowColumn && column ? this.colFree : this.rowFree;
    const pc = this.geometry.pseudoChannels;
    if (pc === 1) {
      busFree[ch] = free;
      return;
    }
    const c = this.choice;
    const ch0 = ch - (ch % pc);
    for (let s = ch0; s < ch0 + pc; s++) {
      busFree[s] = free;
      if (s === ch || c.t[s] >= free) continue;
      if (!this.rowColumn || isColumnCommand(c.cmd[s]) === column) this.needsChoice[s] = 1;
    }
  }

  private markChannel(ch: number): void {
    const bpc = this.geometry.banksPerCh;
    this.changes.markRange(ch * bpc, (ch + 1) * bpc);
  }

  // ---------------------------------------------------------------- intake

  /** Admits the pending request at cycle `now`. */
  private admit(): void {
    const p = this.intake;
    const kind = p.kind;
    const b = p.bank;
    const ch = p.ch;
    const q = this.queues;
    // a read of data still waiting in the write queue is answered from it (as DRAMSim3 and Ramulator 2 do)
    if (kind === READS && q.holdsWrite(b, p.row, p.col)) {
      this.stats.forwardedRead();
      if (this.now > this.lastDone) this.lastDone = this.now;
      return;
    }
    q.enqueue(kind, ch, b, p.row, p.col, this.now, this.banks.openRow[b] === p.row);
    this.changes.markArrival(b);
    if (this.updateMode(ch) || this.needsChoice[ch] !== 0 || this.drain[ch] !== kind) return;
    const chosen = this.choice.slot[ch];
    // a refresh choice, or a choice on the newcomer's own bank, may no longer stand: choose afresh
    if (chosen === REFRESH_WORK || (chosen >= 0 && this.choice.bank[ch] === b)) {
      this.needsChoice[ch] = 1;
      return;
    }
    this.scheduler.choose(ch, kind, this.rowFloorOf(ch), this.colFloorOf(ch), ADMITTED, this.choice);
  }

  /** Read/write drain switching with watermarks (Ramulator 2 style); true if the mode changed. */
  private updateMode(ch: number): boolean {
    const r = this.queues.perChannel[ch * 2 + READS];
    const w = this.queues.perChannel[ch * 2 + WRITES];
    const now = this.drain[ch];
    let next = now;
    if (now === READS) {
      if (w > this.wrHighN || (r === 0 && w > 0)) next = WRITES;
    } else if ((w < this.wrLowN || w === 0) && r > 0) next = READS;
    if (next === now) return false;
    this.drain[ch] = next;
    this.needsChoice[ch] = 1;
    this.markChannel(ch);
    return true;
  }

  // ---------------------------------------------------------------- issue

  private closeBank(b: number, t: number): void {
    this.banks.close(b, t);
    this.queues.clearHits(b);
  }

  /** Issues channel ch's chosen command at its cycle. */
  private issue(ch: number): void {
    const c = this.choice;
    const t = c.t[ch];
    const b = c.bank[ch];
    let cmd = c.cmd[ch];
    const s = c.slot[ch];
    const q = this.queues;
    const banks = this.banks;
    const st = this.stats;
    this.now = t;
    if (this.plainBus) this.rowFree[ch] = t + 1;
    else this.occupyBus(ch, cmd, t);
    this.needsChoice[ch] = 1;
    this.changes.mark(b);
    if (cmd === RD || cmd === WR) {
      const kind: QueueKind = cmd === WR ? WRITES : READS;
      const other: QueueKind = kind === WRITES ? READS : WRITES;
      if (this.closedPage && q.hits[kind * q.banks + b] === 1 && q.hits[other * q.banks + b] === 0) cmd = kind === WRITES ? WRA : RDA;
      this.timing.apply(cmd, b, t);
      if (banks.colSinceAct[b] === 0) {
        if (banks.actConflict[b]) st.rowConflicts++;
        else st.rowMisses++;
      } else st.rowHits++;
      banks.colSinceAct[b]++;
      st.channelServed[ch]++;
      if (banks.claim[b] === s) banks.claim[b] = NO_CLAIM;
      let done: number;
      if (kind === READS) {
        done = t + this.rdDone;
        st.read(done - q.arrival[s]);
      } else {
        done = t + this.wrDone;
        st.writes++;
      }
      if (done > this.lastDone) this.lastDone = done;
      if (this.log !== null) this.log.push(t, cmd, b, q.row[s], q.col[s], q.seq[s]);
      q.remove(kind, ch, s, true);
      if (cmd === RDA || cmd === WRA) this.closeBank(b, t);
      this.updateMode(ch);
    } else {
      this.timing.apply(cmd, b, t);
      if (cmd === ACT) {
        const row = q.row[s];
        if (this.log !== null) this.log.push(t, cmd, b, row, 0, q.seq[s]);
        banks.open(b, row, t, s, q.kind[s]);
        q.recountHits(b, row);
      } else if (cmd === PRE) {
        if (this.log !== null) this.log.push(t, cmd, b, banks.openRow[b], 0, s === REFRESH_WORK ? BY_REFRESH : q.seq[s]);
        this.closeBank(b, t);
        banks.preForWaiter[b] = s !== REFRESH_WORK ? 1 : 0;
      } else if (cmd === PREA) {
        if (this.log !== null) this.log.push(t, cmd, b, 0, 0, BY_REFRESH);
        const r = this.geometry.bankRank[b];
        const bpr = this.geometry.banksPerRank;
        this.changes.markRange(r * bpr, (r + 1) * bpr);
        for (let x = r * bpr; x < (r + 1) * bpr; x++) {
          if (banks.openRow[x] !== NO_ROW) this.closeBank(x, t);
          banks.preForWaiter[x] = 0;
        }
      } else if (cmd === REF) {
        if (this.log !== null) this.log.push(t, cmd, b, 0, 0, BY_REFRESH);
        this.refresh.refreshed(this.geometry.bankRank[b]);
      } else if (cmd === REFPB || cmd === REFSB) {
        if (this.log !== null) this.log.push(t, cmd, b, 0, 0, BY_REFRESH);
        this.refresh.refreshedBank(this.geometry.bankRank[b], b, t);
      }
    }
    st.cmdCount[cmd]++;
  }

  // ---------------------------------------------------------------- the loop

  /**
   * Serves every request of `src`, or stops before the first event after cycle `budget` (as DRAMSim3's
   * -c); returns the cycle at which the last served request completed.
   */
  run(src: RequestSource, budget = INF): number {
    this.intake.start(src);
    while (this.step(budget));
    this.intake.stop();
    return this.lastDone;
  }

  /** One event of the loop (an issue, an admission time, a refresh); false when the run is over. */
  private step(budget: number): boolean {
    const p = this.intake;
    const q = this.queues;
    const c = this.choice;
    const refresh = this.refresh;
    const scheduler = this.scheduler;
    const needsChoice = this.needsChoice;
    const drain = this.drain;
    const NCH = this.geometry.channels;
    // admit what has arrived, in order, while the target queue has room (head-of-line blocking)
    while (p.valid && p.arrival <= this.now && this.nextAdmit <= this.now && q.hasRoom(p.ch, p.kind)) {
      this.admit();
      p.pull();
      if (this.onePerCycle) this.nextAdmit = this.now + 1;
    }
    if (!p.valid && q.queued === 0) return false;
    const tRef = refresh.nextDeadline();
    let tCmd = INF;
    let chCmd = -1;
    for (let ch = 0; ch < NCH; ch++) {
      if (needsChoice[ch] !== 0) {
        needsChoice[ch] = 0;
        c.clear(ch);
        const rowFloor = this.rowFloorOf(ch);
        scheduler.choose(ch, drain[ch] as QueueKind, rowFloor, this.colFloorOf(ch), RESCAN, c);
        if (refresh.pending !== 0) refresh.offer(ch, rowFloor, c);
      }
      if (c.t[ch] < tCmd) {
        tCmd = c.t[ch];
        chCmd = ch;
      }
    }
    let tArr = INF;
    if (p.valid && q.hasRoom(p.ch, p.kind)) {
      // the admission loop above left the pending request waiting for its arrival or the front end
      tArr = p.arrival > this.now ? p.arrival : this.now;
      if (this.nextAdmit > tArr) tArr = this.nextAdmit;
    }
    if (budget !== INF && Math.min(tRef, tCmd, tArr) > budget) {
      this.stoppedAtBudget = true;
      return false;
    }
    if (q.queued === 0 && tArr - tRef > this.idleSkipMin) {
      const skipped = refresh.skipIdle(Math.min(tArr, budget), this.rowFree, this.stats.cmdCount);
      this.stats.idleRefreshes += skipped;
      if (skipped > 0) return true;
    }
    if (tRef <= tCmd && tRef <= tArr && tRef !== INF) {
      if (tRef > this.now) this.now = tRef;
      needsChoice[refresh.raise()] = 1;
      return true;
    }
    if (tArr <= tCmd) {
      if (tArr === INF) throw new Error('DRAM controller stalled: requests wait but no command can issue');
      this.now = tArr;
      return true;
    }
    this.issue(chCmd);
    return true;
  }

  /** Cycles each rank had at least one row open, up to cycle `end`. */
  activeCycles(end: number): Float64Array {
    return this.banks.activeCycles(end);
  }
}
