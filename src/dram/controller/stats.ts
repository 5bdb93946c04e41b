// What the controller counts: requests served, row-buffer outcomes, commands, read latency (a histogram
// of whole cycles, exact up to LATENCY_BUCKETS, so percentiles need no stored samples).
import { NCMD as NCMD_ } from '../commands.ts';
// local copies: an imported binding is a module-variable load (and hole check) at every use in the hot loop
const NCMD = NCMD_;

const LATENCY_BUCKETS = 1 << 16;

export class ControllerStats {
  reads = 0;
  writes = 0;
  /** Reads answered from the write queue (no DRAM access). */
  forwarded = 0;
  rowHits = 0;
  rowMisses = 0;
  rowConflicts = 0;
  readonly cmdCount = new Float64Array(NCMD);
  /** Refresh commands counted in closed form over idle time (included in cmdCount, absent from a command log). */
  idleRefreshes = 0;
  readLatSum = 0;
  latMax = 0;
  private readonly latHist = new Uint32Array(LATENCY_BUCKETS + 1);
  /** Column accesses (requests served from DRAM) per channel. */
  readonly channelServed: Float64Array;

  constructor(channels: number) {
    this.channelServed = new Float64Array(channels);
  }

  /** A read served with latency `lat` cycles (arrival to last data). */
  read(lat: number): void {
    this.reads++;
    this.readLatSum += lat;
    this.latHist[lat < LATENCY_BUCKETS ? lat : LATENCY_BUCKETS]++;
    if (lat > this.latMax) this.latMax = lat;
  }

  forwardedRead(): void {
    this.reads++;
    this.forwarded++;
    this.latHist[0]++;
  }

  /** The smallest latency that at least `fraction` of reads did not exceed. */
  readLatencyPercentile(fraction: number): number {
    const n = this.reads;
    if (n === 0) return 0;
    const target = Math.ceil(n * fraction);
    let acc = 0;
    for (let i = 0; i <= LATENCY_BUCKETS; i++) {
      acc += this.latHist[i];
      if (acc >= target) return i === LATENCY_BUCKETS ? this.latMax : i;
    }
    return this.latMax;
  }
}
