import type { ArchConfig } from '../../arch/schema.ts';
import type { TensorRef, TraceEvent } from '../../trace/schema.ts';

/** One contiguous access of an op to a tensor. */
export interface Access {
  tensor: TensorRef;
  offset: number;
  bytes: number;
  write: boolean;
}

/** Turns an op into the ordered buffer accesses it makes. */
export interface Lowering {
  readonly name: string;
  lower(event: TraceEvent, arch: ArchConfig): Iterable<Access>;
}
