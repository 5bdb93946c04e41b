// Where a bank sits: banks are numbered channel-major (channel, rank, bank group, bank), and every
// per-bank, per-group and per-rank array of the controller is indexed by these global numbers.
import type { DramOrg } from '../spec.ts';

export class Geometry {
  readonly channels: number;
  readonly ranksPerCh: number;
  readonly bankGroups: number;
  readonly banksPerGroup: number;
  readonly banksPerRank: number;
  readonly banksPerCh: number;
  /** Ranks, bank groups and banks of all channels. */
  readonly ranks: number;
  readonly groups: number;
  readonly banks: number;
  readonly bankRank: Int32Array;
  readonly bankGroup: Int32Array;
  /** Consecutive channels that share one set of command buses (HBM pseudo channels; 1 elsewhere). */
  readonly pseudoChannels: number;
  /** Ranks whose commands share one command bus (their refreshes queue on it). */
  readonly ranksPerCommandBus: number;

  constructor(o: DramOrg) {
    this.channels = o.channels;
    this.ranksPerCh = o.ranks;
    this.bankGroups = o.bankGroups;
    this.banksPerGroup = o.banksPerGroup;
    this.banksPerRank = o.bankGroups * o.banksPerGroup;
    this.banksPerCh = this.banksPerRank * o.ranks;
    this.ranks = o.channels * o.ranks;
    this.groups = this.ranks * o.bankGroups;
    this.banks = this.ranks * this.banksPerRank;
    this.pseudoChannels = o.pseudoChannels ?? 1;
    this.ranksPerCommandBus = o.ranks * this.pseudoChannels;
    this.bankRank = new Int32Array(this.banks);
    this.bankGroup = new Int32Array(this.banks);
    for (let b = 0; b < this.banks; b++) {
      this.bankRank[b] = Math.floor(b / this.banksPerRank);
      this.bankGroup[b] = Math.floor(b / o.banksPerGroup);
    }
  }

  /** Global bank number of (channel, rank, bank group, bank). */
  bankOf(ch: number, rank: number, group: number, bank: number): number {
    return ((ch * this.ranksPerCh + rank) * this.bankGroups + group) * this.banksPerGroup + bank;
  }

  channelOfRank(r: number): number {
    return Math.floor(r / this.ranksPerCh);
  }
}
