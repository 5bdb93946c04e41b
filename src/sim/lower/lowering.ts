import type { ArchConfig } from '../../arch/schema.ts';
import type { TensorRef, TraceEvent } from '../../trace/schema.ts';

/**
 * One contiguous access of an op to a tensor, and where it is served:
 * - buffer: through the buffer's replacement policy (first touch of an operand, results);
 * - dram:   straight to DRAM — a re-read or partial-sum pass of an operand too large for its share of the buffer;
 * - local:  on chip without taking buffer space — a re-read of an operand that fits its share.
 */
export interface Access {
  tensor: TensorRef;
  offset: number;
  bytes: number;
  write: boolean;
  path: 'buffer' | 'dram' | 'local';
}

/** Turns an op into the ordered buffer accesses it makes. */
export interface Lowering {
  readonly name: string;
  lower(event: TraceEvent, arch: ArchConfig): Iterable<Access>;
}
