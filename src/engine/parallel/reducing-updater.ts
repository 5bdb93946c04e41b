// The optimizer of one data-parallel shard: before the update phase every gradient of the shard (of the
// mean loss over the whole batch, since loss.backward divides by the whole batch) is summed over all shards
// in one exchange (`prepare`, called by the executor), so every shard applies the same update to the same
// parameters. Under KP/ASAP, B's update reads W's gradient a second time and reuses the reduced values.
import * as tf from '@tensorflow/tfjs-core';
import { values } from '../kernels/js-kernel.ts';
import type { Updater } from '../kernels/kernel.ts';
import type { StepUpdater } from './step-updater.ts';

export class ReducingUpdater implements StepUpdater {
  private readonly reduced = new Map<tf.Tensor, Float32Array>();

  constructor(
    readonly inner: Updater,
    private readonly allReduce: (partial: Float32Array) => Float32Array,
  ) {}

  /** Sums all of the step's gradients over the shards at once (one exchange instead of one per tensor). */
  readonly prepare = (gradients: tf.Tensor[]): void => {
    const total = gradients.reduce((a, g) => a + g.size, 0);
    const flat = new Float32Array(total);
    let at = 0;
    for (const g of gradients) {
      flat.set(values(g), at); // read in place: a dataSync would copy every gradient once more
      at += g.size;
    }
    const summed = this.allReduce(flat);
    at = 0;
    for (const g of gradients) {
      this.reduced.set(g, summed.subarray(at, at + g.size));
      at += g.size;
    }
  };

  update(param: string, p: tf.Tensor, g: tf.Tensor, m: tf.Tensor): [tf.Tensor, tf.Tensor] {
    let total = this.reduced.get(g);
    if (!total) {
      total = this.allReduce(g.dataSync() as Float32Array);
      this.reduced.set(g, total);
    }
    return this.inner.update(param, p, tf.tensor(total, g.shape), m);
  }

  /** Nothing to exchange after the update: every shard applied the whole of it. */
  finish(): void {}

  /** Forgets this step's gradients (their tensors are freed by the executor). */
  endStep(): void {
    this.reduced.clear();
  }
}
