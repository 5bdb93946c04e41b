// One shard's part of a data-parallel training step: its slice of the shared batch through its own
// network (same graph and parameters, a batch of the shard's size), with BN statistics, the loss divisor
// and every gradient reduced over the group (the SGD update itself split over the shards, sharded-sgd.ts,
// when the group was laid out for it); then the step's loss and correct count are summed too (which also
// tells shard 0 that every shard has finished the step).
import * as tf from '@tensorflow/tfjs-core';
import type { Network } from '../network.ts';
import type { Optimizer } from '../optimizer.ts';
import { ReducingUpdater } from './reducing-updater.ts';
import type { ShardGroup } from './shard-group.ts';
import { ShardedSgd } from './sharded-sgd.ts';
import type { StepUpdater } from './step-updater.ts';
import { updatePlan } from './update-plan.ts';

export interface StepTotals {
  /** Mean loss over the whole batch. */
  loss: number;
  correct: number;
}

export class ShardStep {
  private readonly updater: StepUpdater;

  constructor(
    readonly group: ShardGroup,
    readonly net: Network,
    readonly optimizer: Optimizer,
    /** First sample of this shard within the batch. */
    readonly offset: number,
  ) {
    // the group's layout says which update every shard runs (a gradient buffer: the sharded one)
    this.updater =
      group.layout.gradientLength > 0 ? new ShardedSgd(group, optimizer, updatePlan(net.events)) : new ReducingUpdater(optimizer, group.allReduceFloat32);
  }

  run(): StepTotals {
    const { group, net } = this;
    const n = net.spec.batch;
    const per = group.layout.features;
    const [c, h, w] = net.spec.inputShape;
    const x = tf.tensor4d(group.input.subarray(this.offset * per, (this.offset + n) * per), [n, h, w, c]);
    const labels = group.labels.slice(this.offset, this.offset + n);
    const y = tf.tensor1d(labels, 'int32');
    this.optimizer.lr = group.scalars[0];
    net.updater = this.updater;
    net.executor.allReduce = group.allReduce;
    try {
      const r = net.trainStep(x, y, undefined, this.updater.prepare);
      this.updater.finish();
      let correct = 0;
      for (let i = 0; i < n; i++) if (r.predictions[i] === labels[i]) correct++;
      const [lossSum, total] = group.allReduce([r.loss * n, correct]);
      return { loss: lossSum / group.layout.batch, correct: total };
    } finally {
      this.updater.endStep();
      net.executor.allReduce = (v) => v; // outside a step (evaluation, alignment) the shard is on its own
      tf.dispose([x, y]);
    }
  }
}
