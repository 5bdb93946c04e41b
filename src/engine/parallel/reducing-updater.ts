// The optimizer of one data-parallel shard: before each update the shard's gradient (of the mean loss over
// the whole batch, since loss.backward divides by the whole batch) is summed over all shards, so every
// shard applies the same update to the same parameters. Under KP/ASAP, B's update reads W's gradient a
// second time: the reduced values are reused (one reduction per gradient tensor and step).
import * as tf from '@tensorflow/tfjs-core';
import type { Updater } from '../kernels/kernel.ts';

export class ReducingUpdater implements Updater {
  private readonly reduced = new Map<tf.Tensor, Float32Array>();

  constructor(
    readonly inner: Updater,
    private readonly allReduce: (partial: ArrayLike<number>) => Float64Array,
  ) {}

  update(param: string, p: tf.Tensor, g: tf.Tensor, m: tf.Tensor): [tf.Tensor, tf.Tensor] {
    let total = this.reduced.get(g);
    if (!total) {
      total = Float32Array.from(this.allReduce(g.dataSync() as Float32Array));
      this.reduced.set(g, total);
    }
    return this.inner.update(param, p, tf.tensor(total, g.shape), m);
  }

  /** Forgets this step's gradients (their tensors are freed by the executor). */
  endStep(): void {
    this.reduced.clear();
  }
}
