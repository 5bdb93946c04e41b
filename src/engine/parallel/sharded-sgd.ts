// The SGD update of a data-parallel step, split over the shards instead of repeated by each. Every shard
// writes its partial gradients into its slot of the group's gradient buffer (`prepare`, once, before the
// update phase); after a barrier each shard sums its own share of the gradient vector (in shard order,
// in float64, rounded once: the reduce-scatter's sums) and applies SGD to those elements only, writing
// them into a new parameter tensor and, in place, into its momentum, and publishing them; after a second barrier
// (`finish`) each shard copies the other shares of the parameters into its new tensors, and shard 0
// (whose tensors are the model's: evaluation, checkpoints) the momenta too. A worker's momentum is current only in its own share,
// the only part it ever reads. The element arithmetic is sgdElements, the unsharded step's, so the result
// is the unsharded update bit for bit. Writing tensors' memory needs a backend that exposes it (wasm, cpu);
// a momentum written in place must be shared with no other tensor: the executor's own, read only here.
import type * as tf from '@tensorflow/tfjs-core';
import { inPlaceValues, unfilledTensor, values, writableInPlace } from '../kernels/js-kernel.ts';
import type { Optimizer } from '../optimizer.ts';
import { sgdConstants, sgdElements } from '../optimizer.ts';
import { shareOf, type ShardGroup } from './shard-group.ts';
import type { PlannedUpdate, UpdatePlan } from './update-plan.ts';
import type { StepUpdater } from './step-updater.ts';

/** The [from, to) part of an update's elements whose gradient positions fall in [lo, hi). */
export function ownedPart(u: PlannedUpdate, lo: number, hi: number): [number, number] {
  const from = Math.min(u.size, Math.max(0, lo - u.gradient));
  return [from, Math.max(from, Math.min(u.size, hi - u.gradient))];
}

function own(t: tf.Tensor): Float32Array {
  const v = inPlaceValues(t);
  if (!(v instanceof Float32Array)) throw new Error('sharded update: a float32 tensor the backend does not expose in place');
  return v;
}

export class ShardedSgd implements StepUpdater {
  private readonly lo: number;
  private readonly hi: number;
  /** This shard's share of the summed gradients: gradient position i at sums[i − lo]. */
  private readonly sums: Float32Array;
  private updated: [PlannedUpdate, tf.Tensor, tf.Tensor][] = [];

  constructor(
    readonly group: ShardGroup,
    readonly optimizer: Optimizer,
    readonly plan: UpdatePlan,
  ) {
    const l = group.layout;
    if (optimizer.config.kind !== 'sgd') throw new Error(`sharded update: ${optimizer.config.kind} is not sharded`);
    if (!writableInPlace()) throw new Error('sharded update: this backend does not expose tensor memory');
    if (plan.gradientLength !== l.gradientLength || plan.updateLength !== l.updateLength)
      throw new Error(
        `sharded update: shard ${group.shard} updates ${plan.updateLength} values from ${plan.gradientLength} gradient values, the group ${l.updateLength} from ${l.gradientLength}`,
      );
    [this.lo, this.hi] = shareOf(plan.gradientLength, l.shards, group.shard);
    this.sums = new Float32Array(this.hi - this.lo);
  }

  readonly prepare = (gradients: tf.Tensor[]): void => {
    const { grads32, layout } = this.group;
    const { shards, gradientLength } = layout;
    const planned = this.plan.gradients;
    if (gradients.length !== planned.length) throw new Error(`sharded update: ${gradients.length} gradients, the plan has ${planned.length}`);
    const base = this.group.shard * gradientLength;
    for (const [i, g] of gradients.entries()) {
      if (g.size !== planned[i].size) throw new Error(`sharded update: ${planned[i].id} has ${g.size} values, the plan ${planned[i].size}`);
      grads32.set(values(g) as Float32Array, base + planned[i].offset); // read in place, copied once
    }
    this.group.barrier();
    const { lo, hi, sums } = this;
    for (let i = lo; i < hi; i++) {
      let sum = 0;
      for (let s = 0; s < shards; s++) sum += grads32[s * gradientLength + i];
      sums[i - lo] = sum;
    }
  };

  update(param: string, p: tf.Tensor, _g: tf.Tensor, m: tf.Tensor): [tf.Tensor, tf.Tensor] {
    const u = this.plan.updates.get(param);
    if (!u) throw new Error(`sharded update: ${param} is not in the plan`);
    const c = this.optimizer.config;
    const [from, to] = ownedPart(u, this.lo, this.hi);
    // a new parameter tensor (wasm's convolution caches its packed filter by tensor: a filter changed in
    // place would be used stale), the momentum in place (only the update reads it)
    const next = unfilledTensor(p.shape)!; // allocated before any view is taken: allocation may move the heap
    const ps = own(p);
    const po = own(next);
    const ms = own(m);
    sgdElements(sgdConstants(c.momentum, c.weightDecay, this.optimizer.lr), ps, this.sums, ms, po, ms, from, to, u.gradient - this.lo);
    this.group.params32.set(po.subarray(from, to), u.offset + from);
    this.group.moments32.set(ms.subarray(from, to), u.offset + from);
    this.updated.push([u, next, m]);
    return [next, m];
  }

  finish(): void {
    const { params32, moments32 } = this.group;
    this.group.barrier();
    for (const [u, p, m] of this.updated) {
      const [from, to] = ownedPart(u, this.lo, this.hi);
      const copy = (into: Float32Array, src: Float32Array) => {
        into.set(src.subarray(u.offset, u.offset + from), 0);
        into.set(src.subarray(u.offset + to, u.offset + u.size), to);
      };
      copy(own(p), params32);
      if (this.group.shard === 0) copy(own(m), moments32);
    }
    this.updated = [];
  }

  endStep(): void {
    this.updated = [];
  }
}
