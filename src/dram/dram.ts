// The DRAM behind the on-chip buffer. The replay hands it, op by op, the byte ranges that miss the buffer;
// it answers when the last one completes. Implementations: analytic (peak bandwidth + latency) and the
// cycle-level JEDEC model. Both count bytes the same way, so only time and energy differ between them.

export interface DramTransfer {
  /** Byte address of the first byte. */
  address: number;
  bytes: number;
  write: boolean;
}

export interface DramStats {
  readBytes: number;
  writeBytes: number;
  /** Time the memory was busy, ns (for the analytic model: bytes / bandwidth). */
  busyNs: number;
  energyJ: number;
  /** Model-specific detail (row hits, command counts, ...). */
  detail?: Record<string, unknown>;
}

export interface DramModel {
  readonly name: string;
  /** Peak bandwidth, bytes per ns (= GB/s). */
  readonly peakBytesPerNs: number;
  /** Serves the transfers, issued together at `startNs`; returns the ns at which the last completes. */
  serve(transfers: DramTransfer[], startNs: number): number;
  /**
   * Models that stream a batch's bytes at a rate (analytic): where the last `serve` streamed from and
   * how fast, so an exporter can give each request the time the model moved it.
   */
  readonly lastStream?: { startNs: number; nsPerByte: number };
  stats(): DramStats;
}

/** How DRAM time is modelled: `analytic` (peak bandwidth + a fixed latency) or `cycle` (the JEDEC controller). */
export const DRAM_MODES = ['analytic', 'cycle'] as const;
export type DramMode = (typeof DRAM_MODES)[number];
