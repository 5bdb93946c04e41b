// The banks whose next command may have changed since a scheduler last looked, as bit sets per channel,
// so a caching scheduler re-examines only those: `words` for banks whose row, refresh or timing moved or
// whose queue lost a request, `arrivals` for banks whose queues only gained requests (appended at the
// tail, so a scheduler whose choice depends on age may skip many of them). The controller sets bits; a
// scheduler clears the bits of the banks it has re-examined.
import type { Geometry } from './geometry.ts';

export class BankChanges {
  /** 32-bit words per channel; bank i of a channel is bit i & 31 of word i >> 5. */
  readonly wordsPerCh: number;
  readonly words: Int32Array;
  readonly arrivals: Int32Array;
  readonly bankWord: Int32Array;
  readonly bankBit: Int32Array;

  constructor(g: Geometry) {
    this.wordsPerCh = (g.banksPerCh + 31) >> 5;
    this.words = new Int32Array(g.channels * this.wordsPerCh);
    this.arrivals = new Int32Array(g.channels * this.wordsPerCh);
    this.bankWord = new Int32Array(g.banks);
    this.bankBit = new Int32Array(g.banks);
    for (let b = 0; b < g.banks; b++) {
      const ch = Math.floor(b / g.banksPerCh);
      const i = b - ch * g.banksPerCh;
      this.bankWord[b] = ch * this.wordsPerCh + (i >> 5);
      this.bankBit[b] = 1 << (i & 31);
    }
    this.markRange(0, g.banks);
  }

  mark(b: number): void {
    this.words[this.bankWord[b]] |= this.bankBit[b];
  }

  markArrival(b: number): void {
    this.arrivals[this.bankWord[b]] |= this.bankBit[b];
  }

  markRange(b0: number, b1: number): void {
    for (let b = b0; b < b1; b++) this.mark(b);
  }

  clear(b: number): void {
    this.words[this.bankWord[b]] &= ~this.bankBit[b];
    this.arrivals[this.bankWord[b]] &= ~this.bankBit[b];
  }
}
