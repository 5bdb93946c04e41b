import type { ArchConfig } from '../../arch/schema.ts';
import type { TensorRef, TraceEvent } from '../../trace/schema.ts';

/**
 * One contiguous access of an op to a tensor, and where it is served:
 * - buffer: through the buffer's residency policy (first pass over an operand, final results);
 * - dram:   straight to DRAM (a further pass over an operand too large to keep, a partial-sum round trip);
 * - local:  on chip without taking buffer space (a further pass over an operand the op keeps on chip).
 * `pass` numbers the op's passes over the tensor (0 = first): forwarding serves only pass 0 on chip.
 */
export interface Access {
  tensor: TensorRef;
  offset: number;
  bytes: number;
  write: boolean;
  path: 'buffer' | 'dram' | 'local';
  pass: number;
}

/** An op as the hardware runs it: its accesses, its compute cycles, and the mapping that gave them. */
export interface LoweredOp {
  accesses: Access[];
  /** Cycles of the unit that runs the op (PE array for matrix ops, vector unit otherwise). */
  cycles: number;
  /** Useful operations / (cycles × peak operations per cycle). */
  utilisation: number;
  /** Loop order and tile sizes in one readable string ("-" for element-wise ops). */
  mapping: string;
  unit: 'array' | 'vector';
  /** Buffer accesses of these operands as the mapping counts them (fills, array reads and writes, drains); they replace the replay's per-byte count for those tensors. */
  bufferAccess?: { tensor: TensorRef; reads: number; writes: number }[];
}

/** What the replay knows about an op's neighbours that changes its lowering. */
export interface LowerContext {
  /** The op's BN statistics were accumulated by the producing matrix op as it wrote its output (fusion.bn_statistics: epilogue). */
  statisticsInEpilogue: boolean;
}

/** Turns an op into the ordered accesses it makes. */
export interface Lowering {
  readonly name: string;
  lower(event: TraceEvent, arch: ArchConfig, context: LowerContext): LoweredOp;
}
