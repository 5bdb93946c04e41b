// Refresh: per rank a deadline every tREFI (all-bank), tREFI / banks (per-bank, round robin over the
// rank's banks) or tREFI / 2 / banks per group (same-bank, round robin over the bank index, each command
// covering that bank in every bank group). When a deadline passes, the refresh becomes pending: the banks
// it covers take no new work (BankState.refreshBlocked) and the refresh is offered to the channel's
// choice, winning ties, as PREA/PRE to close open rows first and then REF/REFpb/REFsb.
import { PRE as PRE_, PREA as PREA_, REF as REF_, REFPB as REFPB_, REFSB as REFSB_, NCMD as NCMD_ } from '../commands.ts';
import type { DramSpec } from '../spec.ts';
import { refreshInterval } from '../timing-rules.ts';
import type { Geometry } from '../state/geometry.ts';
import { NO_ROW as NO_ROW_, type BankState } from '../state/banks.ts';
import type { BankChanges } from '../state/changes.ts';
import type { TimingState } from '../state/timing-state.ts';
import { REFRESH_WORK as REFRESH_WORK_, type Choice } from '../state/choice.ts';
// local copies: an imported binding is a module-variable load (and hole check) at every use in the hot loop
const PRE = PRE_;
const PREA = PREA_;
const REF = REF_;
const REFPB = REFPB_;
const REFSB = REFSB_;
const NCMD = NCMD_;
const NO_ROW = NO_ROW_;
const REFRESH_WORK = REFRESH_WORK_;

const INF = Number.POSITIVE_INFINITY;
const NO_RANK = -1;

export class Refresh {
  readonly enabled: boolean;
  /** Per-bank or same-bank: a refresh covers some banks of the rank, not all (`cover` lists them). */
  readonly perBank: boolean;
  readonly sameBank: boolean;
  /** The command that refreshes the banks one deadline covers (REFPB or REFSB). */
  private readonly bankCmd: number;
  /** Banks the next refresh of a rank covers, as offsets from its `nextBank` (one, or one per bank group). */
  private readonly cover: Int32Array;
  /** How many distinct `nextBank` values a rank cycles through. */
  private readonly rounds: number;
  /** Cycles between two deadlines of one rank. */
  readonly interval: number;
  private readonly due: Float64Array;
  /** Per rank: an all-bank refresh is pending. */
  private readonly rankPending: Uint8Array;
  /** Per rank: the (global) bank its next per-bank/same-bank refresh is addressed to; per bank: that refresh is pending. */
  private readonly nextBank: Int32Array;
  private readonly bankPending: Uint8Array;
  /** Refreshes raised and not yet issued (0: offer has nothing to add, the controller skips it). */
  pending = 0;
  // the next deadline among ranks with nothing pending, valid while `rescan` is false
  private rescan = true;
  private tNext = INF;
  private rNext = NO_RANK;

  constructor(
    private readonly spec: DramSpec,
    private readonly g: Geometry,
    private readonly banks: BankState,
    private readonly timing: TimingState,
    private readonly changes: BankChanges,
  ) {
    this.enabled = spec.ctrl.refresh !== 'none';
    this.sameBank = spec.ctrl.refresh === 'samebank';
    this.perBank = spec.ctrl.refresh === 'perbank' || this.sameBank;
    this.bankCmd = this.sameBank ? REFSB : REFPB;
    this.cover = this.sameBank ? Int32Array.from({ length: g.bankGroups }, (_, k) => k * g.banksPerGroup) : Int32Array.of(0);
    this.rounds = this.sameBank ? g.banksPerGroup : g.banksPerRank;
    this.interval = refreshInterval(spec);
    this.due = new Float64Array(g.ranks).fill(this.enabled ? this.interval : INF);
    this.rankPending = new Uint8Array(g.ranks);
    this.nextBank = new Int32Array(g.ranks);
    for (let r = 0; r < g.ranks; r++) this.nextBank[r] = r * g.banksPerRank;
    this.bankPending = new Uint8Array(g.banks);
  }

  /** The earliest deadline of a rank with no refresh pending (INF if none). */
  nextDeadline(): number {
    if (!this.rescan) return this.tNext;
    this.rescan = false;
    let t = INF;
    let rank = NO_RANK;
    if (this.enabled) {
      for (let r = 0; r < this.g.ranks; r++) {
        if (this.rankPending[r] === 0 && (!this.perBank || this.bankPending[this.nextBank[r]] === 0) && this.due[r] < t) {
          t = this.due[r];
          rank = r;
        }
      }
    }
    this.tNext = t;
    this.rNext = rank;
    return t;
  }

  /** The deadline returned by nextDeadline has come: its refresh is pending. Returns its channel. */
  raise(): number {
    const r = this.rNext;
    this.rescan = true;
    this.pending++;
    if (this.perBank) {
      const b = this.nextBank[r];
      this.bankPending[b] = 1;
      for (let k = 0; k < this.cover.length; k++) {
        this.banks.refreshBlocked[b + this.cover[k]] = 1;
        this.changes.mark(b + this.cover[k]);
      }
    } else {
      this.rankPending[r] = 1;
      this.blockRank(r, 1);
    }
    return this.g.channelOfRank(r);
  }

  private blockRank(r: number, blocked: number): void {
    const b0 = r * this.g.banksPerRank;
    this.banks.refreshBlocked.fill(blocked, b0, b0 + this.g.banksPerRank);
    this.changes.markRange(b0, b0 + this.g.banksPerRank);
  }

  /** Offers channel ch's pending refresh work into `out` if it is no later than the current choice. */
  offer(ch: number, floor: number, out: Choice): void {
    const { rankNext, bankNext } = this.timing;
    const openRow = this.banks.openRow;
    const bpr = this.g.banksPerRank;
    const r0 = ch * this.g.ranksPerCh;
    for (let r = r0; r < r0 + this.g.ranksPerCh; r++) {
      if (!this.perBank) {
        if (!this.rankPending[r]) continue;
        let cmd = REF;
        let e = rankNext[r * NCMD + REF];
        if (this.banks.rankOpen[r] > 0) {
          cmd = PREA;
          e = rankNext[r * NCMD + PREA];
          for (let b = r * bpr; b < (r + 1) * bpr; b++) {
            if (openRow[b] !== NO_ROW) {
              const x = bankNext[b * NCMD + PRE];
              if (x > e) e = x;
            }
          }
        }
        if (e < floor) e = floor;
        if (e <= out.t[ch]) out.set(ch, e, r * bpr, cmd, REFRESH_WORK, 0);
      } else {
        const b = this.nextBank[r];
        if (!this.bankPending[b]) continue;
        // close the covered bank that can close first, else refresh when every covered bank allows it
        let cmd = this.bankCmd;
        let at = b;
        let e = -INF;
        for (let k = 0; k < this.cover.length; k++) {
          const x = b + this.cover[k];
          if (openRow[x] !== NO_ROW) {
            const p = this.timing.earliest(PRE, x);
            if (cmd !== PRE || p < e) {
              cmd = PRE;
              at = x;
              e = p;
            }
          } else if (cmd !== PRE) {
            const x2 = this.timing.earliest(cmd, x);
            if (x2 > e) e = x2;
          }
        }
        if (e < floor) e = floor;
        if (e <= out.t[ch]) out.set(ch, e, at, cmd, REFRESH_WORK, 0);
      }
    }
  }

  /**
   * Idle time in closed form. Called when no request is queued and none arrives before `until`. If
   * nothing is pending, every bank is closed and each rank's next refresh command could issue at its
   * deadline, refresh alone is periodic: every period each rank's command issues at its deadline (plus a
   * fixed command-bus offset where ranks share one), and its own waits (tRFC, tRFCpb, tPBR2PBR,
   * tPBR2ACT) end before the next deadline and before `until`. Those periods are skipped: deadlines
   * move on, the commands are counted (not logged), and the state left behind is the state stepping
   * would leave, as far as any later command can tell. Returns the refresh commands skipped.
   */
  skipIdle(until: number, rowBusFree: Float64Array, cmdCount: Float64Array): number {
    if (!this.enabled) return 0;
    const g = this.g;
    const t = this.timing;
    let dMax = -INF;
    for (let r = 0; r < g.ranks; r++) {
      if (this.rankPending[r] !== 0 || this.banks.rankOpen[r] !== 0) return 0;
      const d = this.due[r];
      if (this.perBank) {
        const b = this.nextBank[r];
        if (this.bankPending[b] !== 0) return 0;
        for (let k = 0; k < this.cover.length; k++) if (t.earliest(this.bankCmd, b + this.cover[k]) > d) return 0;
      } else if (t.rankNext[r * NCMD + REF] > d) return 0;
      if (rowBusFree[g.channelOfRank(r)] > d) return 0;
      if (d > dMax) dMax = d;
    }
    const T = this.spec.timing;
    const longestWait = (this.perBank ? Math.max(T.RFCpb, T.PBR2PBR, T.PBR2ACT) : T.RFC) + g.ranksPerCommandBus;
    if (this.perBank ? T.PBR2PBR + g.ranksPerCommandBus > this.interval : longestWait > this.interval) return 0;
    const periods = Math.floor((until - dMax - longestWait) / this.interval) - 1;
    if (periods < 1) return 0;
    for (let r = 0; r < g.ranks; r++) {
      this.due[r] += periods * this.interval;
      if (this.perBank) {
        const b0 = r * g.banksPerRank;
        this.nextBank[r] = b0 + ((this.nextBank[r] - b0 + periods) % this.rounds);
      }
    }
    this.rescan = true;
    const skipped = periods * g.ranks;
    cmdCount[this.perBank ? this.bankCmd : REF] += skipped;
    return skipped;
  }

  /** REF issued to rank r. */
  refreshed(r: number): void {
    this.rankPending[r] = 0;
    this.pending--;
    this.blockRank(r, 0);
    this.due[r] += this.interval;
    this.rescan = true;
  }

  /** REFpb or REFsb issued to bank b of rank r at cycle t (the controller has applied its timing to b). */
  refreshedBank(r: number, b: number, t: number): void {
    this.bankPending[b] = 0;
    this.pending--;
    for (let k = 0; k < this.cover.length; k++) {
      const x = b + this.cover[k];
      this.banks.refreshBlocked[x] = 0;
      // the other bank groups' copies of the bank are refreshed too: their tRFCsb starts now, and the
      // scheduler must look at them again (the controller marks only the addressed bank)
      if (x !== b) {
        this.timing.apply(REFSB, x, t);
        this.changes.mark(x);
      }
    }
    const b0 = r * this.g.banksPerRank;
    this.nextBank[r] = b0 + ((b - b0 + 1) % this.rounds);
    this.due[r] += this.interval;
    this.rescan = true;
  }
}
