// A kernel executes one op of the step program: it reads its operands from the tensor store, in the
// order the event lists them, and returns one tensor per entry of the event's `writes` (same order).
import type * as tf from '@tensorflow/tfjs-core';
import type { OpName, TraceEvent } from '../../trace/schema.ts';
import { partOf, type LayerPart } from '../../net/tensor-id.ts';

/** What a parameter update needs from the optimizer (SGD or Adam), keyed by parameter id. */
export interface Updater {
  update(param: string, p: tf.Tensor, g: tf.Tensor, m: tf.Tensor): [tf.Tensor, tf.Tensor];
}

export interface KernelContext {
  /** A tensor read by the event, by position in `reads`. */
  read(i: number): tf.Tensor;
  /** True while training (batch statistics, running-statistics update); false in evaluation. */
  training: boolean;
  updater: Updater;
  /** Element-wise sum of a vector over every data-parallel shard of the batch, in shard order (identical in
   *  every shard); the identity when one process holds the whole batch. */
  allReduce(partial: Float64Array): Float64Array;
}

/** All-reduce of one process holding the whole batch. */
export const wholeBatch = (partial: Float64Array): Float64Array => partial;

export type Kernel = (ev: TraceEvent, ctx: KernelContext) => tf.Tensor[];

export type KernelTable = Record<OpName, Kernel>;

/** Position of the write that is the given part of a layer (an optional stash output), or -1. */
export function writeIndex(ev: TraceEvent, part: LayerPart): number {
  return ev.writes.findIndex((w) => partOf(w.id)?.part === part);
}
