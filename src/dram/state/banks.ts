// Bank rows: which row each bank holds open, how it got there (for hit/miss/conflict counts), whether
// refresh bars new work on it, and per rank how long any row was open (background energy).
import type { Geometry } from './geometry.ts';

/** openRow of a precharged bank. */
export const NO_ROW = -1;
/** claim of a bank whose opening request has had its column access (or that is closed). */
export const NO_CLAIM = -1;

export class BankState {
  readonly openRow: Int32Array;
  /** Column commands since the bank's ACT (0: the next column access is the one that opened the row). */
  readonly colSinceAct: Int32Array;
  /** 1 while a refresh waits on the bank: no new ACT or PRE for requests, only the just-activated access. */
  readonly refreshBlocked: Uint8Array;
  /** 1 if a scheduler's PRE closed the bank for a waiting request: its next ACT opens a row conflict. */
  readonly preForWaiter: Uint8Array;
  /** 1 if the open row's first access is a row conflict (counted when that access issues). */
  readonly actConflict: Uint8Array;
  /**
   * The request slot whose ACT opened the row, until its column access issues; claimKind its queue. A
   * claimed bank is served its claimant first, whatever the read/write drain mode, and is never
   * precharged under it except by refresh (as controllers with an active-request buffer do).
   */
  readonly claim: Int32Array;
  readonly claimKind: Uint8Array;
  readonly rankOpen: Int32Array;
  private readonly rankActiveSince: Float64Array;
  private readonly rankActiveCycles: Float64Array;
  private readonly bankRank: Int32Array;

  constructor(g: Geometry) {
    this.openRow = new Int32Array(g.banks).fill(NO_ROW);
    this.colSinceAct = new Int32Array(g.banks);
    this.refreshBlocked = new Uint8Array(g.banks);
    this.preForWaiter = new Uint8Array(g.banks);
    this.actConflict = new Uint8Array(g.banks);
    this.claim = new Int32Array(g.banks).fill(NO_CLAIM);
    this.claimKind = new Uint8Array(g.banks);
    this.rankOpen = new Int32Array(g.ranks);
    this.rankActiveSince = new Float64Array(g.ranks);
    this.rankActiveCycles = new Float64Array(g.ranks);
    this.bankRank = g.bankRank;
  }

  /** ACT of `row` for request slot `slot` of queue `kind`. */
  open(b: number, row: number, t: number, slot: number, kind: number): void {
    this.openRow[b] = row;
    this.claim[b] = slot;
    this.claimKind[b] = kind;
    this.colSinceAct[b] = 0;
    this.actConflict[b] = this.preForWaiter[b];
    this.preForWaiter[b] = 0;
    const r = this.bankRank[b];
    if (this.rankOpen[r]++ === 0) this.rankActiveSince[r] = t;
  }

  close(b: number, t: number): void {
    this.openRow[b] = NO_ROW;
    this.claim[b] = NO_CLAIM;
    const r = this.bankRank[b];
    if (--this.rankOpen[r] === 0) this.rankActiveCycles[r] += t - this.rankActiveSince[r];
  }

  /** Cycles each rank had at least one row open, up to cycle `end`. */
  activeCycles(end: number): Float64Array {
    const out = Float64Array.from(this.rankActiveCycles);
    for (let r = 0; r < out.length; r++) if (this.rankOpen[r] > 0) out[r] += Math.max(0, end - this.rankActiveSince[r]);
    return out;
  }
}
