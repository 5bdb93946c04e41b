// A DramModel that forwards every call to another model and also writes each request it forwards to a
// trace file (DRAMSim3, Ramulator 1 or Ramulator 2 format), so a replay's DRAM traffic can be fed to
// asapsim dram, DRAMSim3 or Ramulator (`simulate --export-dram-trace FILE`). Whatever model the replay
// uses, requests are cut to the burst of the arch config's DRAM preset and timed in that preset's memory
// clock, so the file means the same thing in either mode:
//   analytic  the model streams a batch at its bandwidth, so request i arrives when the model moved its
//             first byte (stream start + bytes before it / bandwidth);
//   cycle     the controller receives a batch at once, so all its requests arrive at the batch's cycle.
// Arrival cycles never decrease (a later batch starting earlier is written at the last cycle written).
// A sidecar FILE.json names preset, clock, units and counts. The export refuses to grow past a size limit.
import { gzipSync } from 'node:zlib';
import type { DramModel, DramStats, DramTransfer, DramMode } from './dram.ts';
import { TraceWriter, type TraceFormat } from './trace-formats.ts';
import { burstBytes, type DramSpec } from './spec.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { UserError } from '../util/errors.ts';
import { TOOL, VERSION } from '../util/version.ts';

export interface ExportOptions {
  /** The DRAM the requests are meant for (the arch config's preset with its overrides). */
  spec: DramSpec;
  mode: DramMode;
  /** Compress the file with gzip. */
  gzip?: boolean;
  /** Refuse to write more than this many (uncompressed) bytes; 0 = no limit. */
  limitBytes?: number;
}

/** Default --export-limit: 4 GiB of trace text. */
export const DEFAULT_EXPORT_LIMIT = 4 * 2 ** 30;

/** The sidecar's path for an export file. */
export function sidecarPath(file: string): string {
  return `${file}.json`;
}

export class ExportingDram implements DramModel {
  readonly name: string;
  readonly peakBytesPerNs: number;
  private readonly writer: TraceWriter;
  private readonly burst: number;
  private readonly tCK: number;
  private readonly limit: number;
  private lastCycle = 0;
  private bytes = 0;

  constructor(
    private readonly inner: DramModel,
    private readonly file: string,
    private readonly format: TraceFormat,
    private readonly opts: ExportOptions,
  ) {
    this.name = inner.name;
    this.peakBytesPerNs = inner.peakBytesPerNs;
    this.burst = burstBytes(opts.spec);
    this.tCK = opts.spec.tCK_ns;
    this.limit = opts.limitBytes ?? DEFAULT_EXPORT_LIMIT;
    this.writer = new TraceWriter(file, format, opts.gzip === true ? (text) => gzipSync(text) : undefined);
  }

  private cycleOf(ns: number): number {
    const c = Math.max(0, Math.ceil(ns / this.tCK - 1e-9));
    if (c > this.lastCycle) this.lastCycle = c;
    return this.lastCycle;
  }

  serve(transfers: DramTransfer[], startNs: number): number {
    const end = this.inner.serve(transfers, startNs);
    const stream = this.opts.mode === 'analytic' ? this.inner.lastStream : undefined;
    const batchCycle = stream === undefined ? this.cycleOf(startNs) : 0;
    let before = 0; // bytes of the batch ahead of the current transfer
    for (const t of transfers) {
      if (t.bytes <= 0) continue;
      const last = t.address + t.bytes;
      for (let a = Math.floor(t.address / this.burst) * this.burst; a < last; a += this.burst) {
        const cycle = stream === undefined ? batchCycle : this.cycleOf(stream.startNs + (before + Math.max(0, a - t.address)) * stream.nsPerByte);
        this.writer.write(a, t.write, cycle);
      }
      before += t.bytes;
      this.bytes += t.bytes;
    }
    if (this.limit > 0 && this.writer.textBytes > this.limit) {
      const perReq = this.writer.textBytes / this.writer.count;
      throw new UserError(
        `--export-dram-trace: ${this.file}: the export passed the --export-limit of ${fmtBytes(this.limit)} after ${this.writer.count} requests (${perReq.toFixed(1)} bytes each); nothing was written. Raise --export-limit (0 = none), use --export-gzip, or export a smaller batch`,
      );
    }
    return end;
  }

  stats(): DramStats {
    return this.inner.stats();
  }

  /** Requests written so far. */
  get requests(): number {
    return this.writer.count;
  }

  /** Finishes the file and its sidecar (both appear only now); call once the replay is done. */
  close(): void {
    this.writer.close();
    const s = this.opts.spec;
    const sidecar = {
      producer: { tool: TOOL, version: VERSION },
      file: this.file,
      format: this.format,
      gzip: this.opts.gzip === true,
      preset: s.name,
      standard: s.standard,
      tCK_ns: s.tCK_ns,
      clockMHz: 1e3 / s.tCK_ns,
      timeUnit: this.format === 'dramsim3' ? 'memory-clock cycles (tCK_ns each)' : 'none: the format carries no time',
      requestBytes: this.burst,
      requests: this.writer.count,
      bytes: this.bytes,
      replayMode: this.opts.mode,
      arrivals:
        this.opts.mode === 'analytic'
          ? "each request when the analytic model's stream reached its first byte (bandwidth x efficiency of the arch config)"
          : 'all requests of a batch at the cycle the batch was issued (as the cycle model receives them)',
      overrides: 'the arch config dram.overrides are applied to the preset; replay with the same --set to match',
    };
    writeFileAtomic(sidecarPath(this.file), JSON.stringify(sidecar, null, 2) + '\n');
  }

  /** Leaves no partial file behind (on failure). */
  abort(): void {
    this.writer.abort();
  }
}

function fmtBytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
}
