// Each channel's chosen next command: what the scheduler (or refresh) picked and the earliest cycle it
// may issue. The controller jumps to the earliest choice over all channels and issues it.

/** `slot` when nothing is chosen. */
export const NOTHING_CHOSEN = -2;
/** `slot` of a refresh command (REF, REFpb, or the PRE/PREA that clears the way for one). */
export const REFRESH_WORK = -1;

export class Choice {
  readonly t: Float64Array;
  readonly bank: Int32Array;
  readonly cmd: Int32Array;
  /** The request slot the command serves, or NOTHING_CHOSEN / REFRESH_WORK. */
  readonly slot: Int32Array;
  /** 1 if the command is a column access (a row hit), for tie-breaking. */
  readonly col: Uint8Array;

  constructor(channels: number) {
    this.t = new Float64Array(channels).fill(Number.POSITIVE_INFINITY);
    this.bank = new Int32Array(channels);
    this.cmd = new Int32Array(channels);
    this.slot = new Int32Array(channels).fill(NOTHING_CHOSEN);
    this.col = new Uint8Array(channels);
  }

  set(ch: number, t: number, bank: number, cmd: number, slot: number, col: number): void {
    this.t[ch] = t;
    this.bank[ch] = bank;
    this.cmd[ch] = cmd;
    this.slot[ch] = slot;
    this.col[ch] = col;
  }

  clear(ch: number): void {
    this.t[ch] = Number.POSITIVE_INFINITY;
    this.slot[ch] = NOTHING_CHOSEN;
  }
}
