// The command a queued request needs next, given its bank's row: its column access if the row is open,
// else the PRE of the open row, else its ACT. Refresh bars new ACTs and PREs on a bank (and column
// accesses other than the one that opened the row), so a blocked request needs NO_COMMAND. A row opened
// for a request that has not had its column access yet is never precharged under it (BankState.claim).
import { ACT as ACT_, PRE as PRE_, RD as RD_, WR as WR_ } from '../commands.ts';
import { READS as READS_, type QueueKind } from '../state/queues.ts';
import { NO_ROW as NO_ROW_, NO_CLAIM as NO_CLAIM_ } from '../state/banks.ts';
import type { SchedulerContext } from './scheduler.ts';
// local copies: an imported binding is a module-variable load (and hole check) at every use in the hot loop
const READS = READS_;
const NO_ROW = NO_ROW_;
const NO_CLAIM = NO_CLAIM_;

const ACT = ACT_;
const PRE = PRE_;
const RD = RD_;
const WR = WR_;
export const NO_COMMAND = -1;

export class RequestCommand {
  /** Set by `of`: 1 if the command is a column access. */
  isColumn = 0;
  /** Set by `at`: the command and its earliest cycle. */
  cmd = NO_COMMAND;
  earliest = 0;
  private readonly openRow: Int32Array;
  private readonly blocked: Uint8Array;
  private readonly colSinceAct: Int32Array;
  private readonly row: Int32Array;
  private readonly claim: Int32Array;
  private readonly claimKind: Uint8Array;

  constructor(private readonly ctx: SchedulerContext) {
    this.claim = ctx.banks.claim;
    this.claimKind = ctx.banks.claimKind;
    this.openRow = ctx.banks.openRow;
    this.blocked = ctx.banks.refreshBlocked;
    this.colSinceAct = ctx.banks.colSinceAct;
    this.row = ctx.queues.row;
  }

  /** The next command request slot s (of queue kind, bank b) needs, or NO_COMMAND. */
  of(kind: QueueKind, b: number, s: number): number {
    const row = this.openRow[b];
    const blocked = this.blocked[b] === 1;
    this.isColumn = 0;
    if (row === this.row[s]) {
      if (blocked && this.colSinceAct[b] > 0) return NO_COMMAND;
      this.isColumn = 1;
      return kind === READS ? RD : WR;
    }
    if (blocked) return NO_COMMAND;
    if (row === NO_ROW) return ACT;
    return this.claim[b] === NO_CLAIM ? PRE : NO_COMMAND;
  }

  /** The claimant of bank b if it belongs to the other queue than `drain` (it goes first), else NO_CLAIM. */
  claimOutside(drain: QueueKind, b: number): number {
    const c = this.claim[b];
    return c !== NO_CLAIM && this.claimKind[b] !== drain ? c : NO_CLAIM;
  }

  /** Queue of bank b's claimant. */
  claimQueue(b: number): QueueKind {
    return this.claimKind[b] as QueueKind;
  }

  /** `of`, and its earliest legal cycle >= its command bus's floor into cmd/earliest; false if blocked. */
  at(kind: QueueKind, b: number, s: number, rowFloor: number, colFloor: number): boolean {
    const cmd = this.of(kind, b, s);
    if (cmd === NO_COMMAND) return false;
    const e = this.ctx.timing.earliest(cmd, b);
    const floor = this.isColumn === 1 ? colFloor : rowFloor;
    this.earliest = e > floor ? e : floor;
    this.cmd = cmd;
    return true;
  }
}
