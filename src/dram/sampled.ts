// Sampled cycle-level DRAM: an op's transfers beyond `limit` bytes are represented by a proportional sample
// of fraction f = limit / total. Long transfers (tensor streams) are cut to f of their length, keeping their
// access pattern; short ones (scattered write-backs of single blocks) are sampled systematically, every
// (1/f)-th one whole, so their row locality is not distorted by cutting. The cycle model serves the sample
// and the op's DRAM time is the sample's time scaled by total / sampled bytes. Inside one op the
// stream is steady (same ranges, same interleaving), so its time per byte converges within the sample;
// the benchmark measures the error against full simulation. The sample's fixed head latency (a row
// activation, CAS latency and the last burst, which a longer stream pays once too) is not scaled. The inner model runs on a compressed clock
// (real time minus the parts not simulated), so idle gaps between ops, refresh and background energy stay
// proportional. Command energy scales with bytes, background and refresh energy with time, and the
// row-buffer counters with the number of requests. limit = 0 simulates every request.
import type { DramModel, DramStats, DramTransfer } from './dram.ts';
import type { CycleDram } from './cycle.ts';
import type { DramSpec } from './spec.ts';

export class SampledDram implements DramModel {
  readonly name: string;
  readonly peakBytesPerNs: number;
  /** The inner model's spec (its burst and clock, for ExportingDram). */
  readonly spec: DramSpec;
  private offsetNs = 0;
  private totalBytes = 0;
  private simulatedBytes = 0;
  private readBytes = 0;
  private writeBytes = 0;
  private busyNs = 0;
  private lastEndNs = 0;
  private sampledCalls = 0;

  constructor(
    private readonly inner: CycleDram,
    private readonly limit: number,
  ) {
    this.name = limit > 0 ? `${inner.name} (sampled above ${limit} B per op)` : inner.name;
    this.peakBytesPerNs = inner.peakBytesPerNs;
    this.spec = inner.spec;
  }

  serve(transfers: DramTransfer[], startNs: number): number {
    let total = 0;
    for (const t of transfers) {
      total += t.bytes;
      if (t.write) this.writeBytes += t.bytes;
      else this.readBytes += t.bytes;
    }
    if (total === 0) return startNs;
    this.totalBytes += total;
    const innerStart = startNs - this.offsetNs;
    let endNs: number;
    if (this.limit === 0 || total <= this.limit) {
      this.simulatedBytes += total;
      endNs = this.inner.serve(transfers, innerStart) + this.offsetNs;
    } else {
      this.sampledCalls++;
      const f = this.limit / total;
      const burst = this.inner.burst;
      const long = this.limit / 8;
      const every = Math.max(1, Math.round(1 / f));
      const sample: DramTransfer[] = [];
      let shortIndex = 0;
      for (const t of transfers) {
        if (t.bytes > long) sample.push({ ...t, bytes: Math.min(t.bytes, Math.max(burst, Math.round((t.bytes * f) / burst) * burst)) });
        else if (shortIndex++ % every === 0) sample.push(t);
      }
      const sampleBytes = sample.reduce((a, t) => a + t.bytes, 0);
      this.simulatedBytes += sampleBytes;
      const innerEnd = this.inner.serve(sample, innerStart);
      const scale = total / sampleBytes;
      const t = this.inner.spec.timing;
      const head = Math.min(innerEnd - innerStart, (t.RP + t.RCD + t.CL + t.BL) * this.inner.spec.tCK_ns);
      const duration = head + (innerEnd - innerStart - head) * scale;
      this.offsetNs += duration - (innerEnd - innerStart);
      endNs = startNs + duration;
    }
    this.busyNs += endNs - Math.max(startNs, this.lastEndNs);
    this.lastEndNs = endNs;
    return endNs;
  }

  stats(): DramStats {
    const r = this.inner.report();
    const byBytes = this.simulatedBytes > 0 ? this.totalBytes / this.simulatedBytes : 1;
    const innerNs = r.timeNs;
    const byTime = innerNs > 0 ? (innerNs + this.offsetNs) / innerNs : 1;
    const e = r.energy;
    const energy = {
      activateJ: e.activateJ * byBytes,
      readJ: e.readJ * byBytes,
      writeJ: e.writeJ * byBytes,
      ioJ: e.ioJ * byBytes,
      refreshJ: e.refreshJ * byTime,
      backgroundJ: e.backgroundJ * byTime,
    };
    const energyJ = Object.values(energy).reduce((a, b) => a + b, 0);
    const scaleCount = (n: number) => Math.round(n * byBytes);
    // per-channel bandwidth and the cycle budget describe the simulated sample only: left out
    const { channelBandwidthGBps: _perChannel, stoppedAtCycleBudget: _budget, ...whole } = r;
    return {
      readBytes: this.readBytes,
      writeBytes: this.writeBytes,
      busyNs: this.busyNs,
      energyJ,
      detail: {
        ...whole,
        cycles: Math.round((innerNs + this.offsetNs) / r.tCK_ns),
        timeNs: innerNs + this.offsetNs,
        requests: scaleCount(r.requests),
        reads: scaleCount(r.reads),
        writes: scaleCount(r.writes),
        bytes: this.totalBytes,
        rowHits: scaleCount(r.rowHits),
        rowMisses: scaleCount(r.rowMisses),
        rowConflicts: scaleCount(r.rowConflicts),
        refreshes: Math.round(r.refreshes * byTime),
        refreshCycles: Math.round(r.refreshCycles * byTime),
        energyJ,
        energy,
        sampling: { limitBytes: this.limit, simulatedBytes: this.simulatedBytes, totalBytes: this.totalBytes, sampledOps: this.sampledCalls },
      },
    };
  }
}
