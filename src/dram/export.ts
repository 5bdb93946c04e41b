// A DramModel that forwards every call to another model and also writes each burst-sized request it
// forwards to a trace file (DRAMSim3, Ramulator 1 or Ramulator 2 format), so a replay's DRAM traffic can be
// fed to those simulators (`--export-dram-trace FILE --format ...`). DRAMSim3 lines carry the arrival
// cycle: startNs in clock cycles of the wrapped model (1 ns per cycle if it has no clock).
import type { DramModel, DramStats, DramTransfer } from './dram.ts';
import { TraceWriter, type TraceFormat } from './trace-formats.ts';
import { burstBytes, type DramSpec } from './spec.ts';

export interface ExportOptions {
  /** Request size the ranges are cut into (the wrapped model's burst); default 64 B. */
  burstBytes?: number;
  /** Clock period for DRAMSim3 arrival cycles; default 1 ns. */
  tCK_ns?: number;
}

export class ExportingDram implements DramModel {
  readonly name: string;
  readonly peakBytesPerNs: number;
  private readonly writer: TraceWriter;
  private readonly burst: number;
  private readonly tCK: number;

  constructor(
    private readonly inner: DramModel,
    file: string,
    format: TraceFormat,
    opts: ExportOptions = {},
  ) {
    this.name = inner.name;
    this.peakBytesPerNs = inner.peakBytesPerNs;
    const spec = (inner as { spec?: DramSpec }).spec; // CycleDram and SampledDram have one
    this.burst = opts.burstBytes ?? (spec ? burstBytes(spec) : 64);
    this.tCK = opts.tCK_ns ?? spec?.tCK_ns ?? 1;
    this.writer = new TraceWriter(file, format);
  }

  serve(transfers: DramTransfer[], startNs: number): number {
    const cycle = Math.max(0, Math.ceil(startNs / this.tCK - 1e-9));
    for (const t of transfers) {
      if (t.bytes <= 0) continue;
      const end = t.address + t.bytes;
      for (let a = Math.floor(t.address / this.burst) * this.burst; a < end; a += this.burst) this.writer.write(a, t.write, cycle);
    }
    return this.inner.serve(transfers, startNs);
  }

  stats(): DramStats {
    return this.inner.stats();
  }

  /** Requests written so far. */
  get requests(): number {
    return this.writer.count;
  }

  /** Finishes the file (it appears only now); call once the replay is done. */
  close(): void {
    this.writer.close();
  }

  /** Leaves no partial file behind (on failure). */
  abort(): void {
    this.writer.abort();
  }
}
