// What HBM's command interface costs or saves: each HBM2-family preset with its row and column command
// buses and two-cycle ACT, and with one shared bus and one-cycle ACT (`--set commandBuses=shared
// --set actCycles=1`). Two workloads, all requests arriving at cycle 0: 200k requests uniform over the
// stack (30 % writes, xorshift seed 5) and a 64 MiB sequential read stream. Prints model cycles and GB/s.
// Run: node --import tsx bench/hbm-buses.ts
import { CycleDram, resolveSpec } from '../src/dram/index.ts';
import { burstBytes, capacityBytes, peakBytesPerNs, type DramSpec } from '../src/dram/spec.ts';
import type { RequestSource } from '../src/dram/request-source.ts';

class RandomSource implements RequestSource {
  addr = 0;
  write = false;
  arrival = 0;
  private x = 5;
  private left: number;
  constructor(
    n: number,
    private readonly bytes: number,
  ) {
    this.left = n;
  }
  private next01(): number {
    this.x ^= this.x << 13;
    this.x ^= this.x >>> 17;
    this.x ^= this.x << 5;
    return (this.x >>> 0) / 4294967296;
  }
  next(): boolean {
    if (this.left-- <= 0) return false;
    this.addr = Math.floor((this.next01() * this.bytes) / 64) * 64;
    this.write = this.next01() < 0.3;
    return true;
  }
}

class SequentialSource implements RequestSource {
  addr = 0;
  write = false;
  arrival = 0;
  private i = 0;
  constructor(
    private readonly n: number,
    private readonly burst: number,
  ) {}
  next(): boolean {
    if (this.i >= this.n) return false;
    this.addr = this.i++ * this.burst;
    return true;
  }
}

function cycles(spec: DramSpec, src: RequestSource): number {
  return new CycleDram(spec).runSource(src);
}

const VARIANTS: [string, Record<string, string | number>][] = [
  ['row-column, ACT 2', {}],
  ['shared, ACT 1', { commandBuses: 'shared', actCycles: 1 }],
];
const RANDOM = 200_000;
console.log('preset          buses, ACT          random cycles  random GB/s  sequential GB/s  peak GB/s');
for (const preset of ['HBM2-2Gbps', 'HBM2-PC-2Gbps', 'HBM2E-3.2Gbps']) {
  for (const [label, overrides] of VARIANTS) {
    const s = resolveSpec(preset, overrides);
    const burst = burstBytes(s);
    const random = cycles(s, new RandomSource(RANDOM, capacityBytes(s)));
    const n = (64 * 2 ** 20) / burst;
    const seq = cycles(s, new SequentialSource(n, burst));
    const gbps = (requests: number, c: number) => ((requests * burst) / (c * s.tCK_ns)).toFixed(1);
    console.log(
      `${preset.padEnd(16)}${label.padEnd(20)}${String(random).padStart(13)}${gbps(RANDOM, random).padStart(13)}${gbps(n, seq).padStart(17)}${peakBytesPerNs(s).toFixed(1).padStart(11)}`,
    );
  }
}
