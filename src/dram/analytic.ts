// Analytic DRAM: one queue served at peak bandwidth, plus a fixed access latency per batch of transfers.
// A batch issued while the memory is still busy waits for it; energy is a flat cost per bit moved.
import type { DramModel, DramStats, DramTransfer } from './dram.ts';

export class AnalyticDram implements DramModel {
  readonly name = 'analytic';
  private busyUntilNs = 0;
  readonly lastStream = { startNs: 0, nsPerByte: 0 };
  private readonly totals: DramStats = { readBytes: 0, writeBytes: 0, busyNs: 0, energyJ: 0 };

  constructor(
    readonly peakBytesPerNs: number,
    private readonly latencyNs: number,
    private readonly energyPerBit: number,
  ) {}

  serve(transfers: DramTransfer[], startNs: number): number {
    let bytes = 0;
    for (const t of transfers) {
      bytes += t.bytes;
      if (t.write) this.totals.writeBytes += t.bytes;
      else this.totals.readBytes += t.bytes;
    }
    if (bytes === 0) return startNs;
    const busy = bytes / this.peakBytesPerNs;
    this.lastStream.startNs = Math.max(this.busyUntilNs, startNs);
    this.lastStream.nsPerByte = 1 / this.peakBytesPerNs;
    this.busyUntilNs = this.lastStream.startNs + busy;
    this.totals.busyNs += busy;
    this.totals.energyJ += bytes * 8 * this.energyPerBit;
    return this.busyUntilNs + this.latencyNs;
  }

  stats(): DramStats {
    return { ...this.totals };
  }
}
