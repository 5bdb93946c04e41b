// Request generators for the DRAM tests: no files, deterministic.
import type { RequestSource } from '../../src/dram/request-source.ts';

/** xorshift32: a tiny deterministic PRNG. */
export function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export class ArraySource implements RequestSource {
  addr = 0;
  write = false;
  arrival = 0;
  private i = 0;
  constructor(private readonly reqs: { addr: number; write: boolean; arrival?: number }[]) {}
  next(): boolean {
    if (this.i >= this.reqs.length) return false;
    const r = this.reqs[this.i++];
    this.addr = r.addr;
    this.write = r.write;
    this.arrival = r.arrival ?? 0;
    return true;
  }
}

/** n sequential bursts of `burst` bytes from `base`. */
export class SeqSource implements RequestSource {
  addr = 0;
  write: boolean;
  arrival = 0;
  private i = 0;
  constructor(
    private readonly n: number,
    private readonly burst: number,
    write = false,
    private readonly base = 0,
  ) {
    this.write = write;
  }
  next(): boolean {
    if (this.i >= this.n) return false;
    this.addr = this.base + this.i++ * this.burst;
    return true;
  }
}

/** n uniformly random bursts over `bytes` bytes; `writeFrac` of them writes. */
export class RandomSource implements RequestSource {
  addr = 0;
  write = false;
  arrival = 0;
  private i = 0;
  private readonly r: () => number;
  constructor(
    private readonly n: number,
    private readonly burst: number,
    private readonly bytes: number,
    seed = 1,
    private readonly writeFrac = 0,
  ) {
    this.r = rng(seed);
  }
  next(): boolean {
    if (this.i >= this.n) return false;
    this.i++;
    this.addr = Math.floor(this.r() * (this.bytes / this.burst)) * this.burst;
    this.write = this.r() < this.writeFrac;
    return true;
  }
}
