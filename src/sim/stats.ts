// Plain result objects of a replay. Analysis and reports consume only these.
import type { TensorRole, Phase } from '../trace/schema.ts';

/** Byte counters. Conservation: requested = onChip + dramDirect, for reads and writes separately;
 *  DRAM traffic = dramDirect + writeback (writeback only ever writes). */
export interface Traffic {
  requestedRead: number;
  requestedWrite: number;
  /** Read hits served by the buffer. */
  onChipRead: number;
  /** Writes absorbed by the buffer. */
  onChipWrite: number;
  /** Read misses fetched from DRAM. */
  dramRead: number;
  /** Writes that bypassed the buffer (zero capacity) straight to DRAM. */
  dramDirectWrite: number;
  /** Dirty blocks written back on eviction or at the end of the step. */
  writeback: number;
}

export function emptyTraffic(): Traffic {
  return { requestedRead: 0, requestedWrite: 0, onChipRead: 0, onChipWrite: 0, dramRead: 0, dramDirectWrite: 0, writeback: 0 };
}

export function addTraffic(into: Traffic, t: Traffic): Traffic {
  for (const k of Object.keys(into) as (keyof Traffic)[]) into[k] += t[k];
  return into;
}

export const dramWrite = (t: Traffic) => t.dramDirectWrite + t.writeback;
export const dramTotal = (t: Traffic) => t.dramRead + dramWrite(t);

export interface Energy {
  computeJ: number;
  bufferJ: number;
  dramJ: number;
  totalJ: number;
}

export interface LayerStats {
  layer: string;
  /** The phases the layer's ops ran in. */
  phases: Phase[];
  macs: number;
  computeNs: number;
  timeNs: number;
  traffic: Traffic;
  byRole: Partial<Record<TensorRole, Traffic>>;
}

/** How an operand's bytes were served in one op (a row may carry several, joined by '+'). */
export const servedNames = ['resident', 'forwarded', 'spilled', 'recomputed', 'streamed', 'evicted'] as const;
export type Served = (typeof servedNames)[number];

/** One op × tensor: what the op moved for that tensor (ops.csv, simulate --json). */
export interface TensorRow {
  tensor: string;
  role: TensorRole;
  bytes: number;
  /** read, write, or both (a tensor the op updates in place, e.g. SGD's weight). */
  use: 'read' | 'write' | 'read+write' | 'evicted';
  dramRead: number;
  dramWrite: number;
  onChipRead: number;
  onChipWrite: number;
  /** Of onChipRead, the bytes handed over by the producer (at most one pass: the tensor's bytes). */
  forwardedRead: number;
  served: string;
}

export interface OpStats {
  /** Position in the step (0-based); the end-of-step drain is index = number of ops. */
  index: number;
  seq: number;
  op: string;
  layer: string;
  phase: Phase | 'drain';
  startNs: number;
  endNs: number;
  computeNs: number;
  dramBytes: number;
  /** PE-array (or vector-unit) cycles and the fraction of peak they use; the lowering's mapping string. */
  cycles: number;
  utilisation: number;
  mapping: string;
  tensors: TensorRow[];
}

/** What the forward pass keeps for backward: bytes of forward-written tensors read by backward ops. */
export interface StashStats {
  byRole: Partial<Record<TensorRole, number>>;
  totalBytes: number;
  /** Largest sum of live non-persistent tensor bytes at any op boundary. */
  peakLiveBytes: number;
}

export interface ReplayResult {
  trace: { model: string; rule: string; label: string; k: number; batch: number; inputShape: number[]; stash: string; source: string };
  arch: { name: string; hash: string; dramModel: string; bufferBytes: number; blockBytes: number };
  totals: Traffic;
  byRole: Partial<Record<TensorRole, Traffic>>;
  byLayer: LayerStats[];
  ops: OpStats[];
  /** End of step: dirty blocks (updated weights, B, momentum) written back to DRAM, a named step of its own. */
  drain: OpStats;
  /** The modelling choices that moved the numbers (residency policy, fusion switches, lowering). */
  model: { residency: string; lowering: string; dataflow: string; extraPasses: string; bnStatistics: string; writeThrough: boolean; fuseAdjacent: boolean };
  stash: StashStats;
  time: { computeNs: number; stallNs: number; totalNs: number; dramBusyNs: number };
  energy: Energy;
  dramDetail?: Record<string, unknown>;
}

/** The modelling choices of a replay in one line (printed by compare, simulate and every report). */
export function describeModel(m: ReplayResult['model']): string {
  return `residency ${m.residency}, lowering ${m.lowering}, dataflow ${m.dataflow}, fuse_adjacent ${m.fuseAdjacent}, extra_passes ${m.extraPasses}, bn_statistics ${m.bnStatistics}, write_through ${m.writeThrough}`;
}
