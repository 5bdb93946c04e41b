// Optimizers with PyTorch's update rules, applied per parameter by the sgd.update op.
//   SGD: g ← g + wd·p;  m ← μ·m + g;  p ← p − lr·m            (torch.optim.SGD, dampening 0)
//   Adam: g ← g + wd·p; m ← β1·m + (1−β1)g; v ← β2·v + (1−β2)g²; p ← p − lr·m̂/(√v̂ + ε)
// The program's `${param}.momentum` is SGD's buffer or Adam's first moment; Adam's second moment and step
// count are optimizer-private (not in the trace, which models SGD).
import * as tf from '@tensorflow/tfjs-core';
import { jsKernel } from './kernels/js-kernel.ts';
import type { Updater } from './kernels/kernel.ts';

/** SGD's constants as the float32 values tfjs's ops would multiply by. */
export interface SgdConstants {
  mu: number;
  wd: number;
  rate: number;
}

export function sgdConstants(momentum: number, weightDecay: number, lr: number): SgdConstants {
  const f = Math.fround;
  return { mu: f(momentum), wd: f(weightDecay), rate: f(lr) };
}

/** SGD on elements [from, to) of p and m, each operation rounded to float32 as tfjs's ops; element i's
 *  gradient is gs[i + gShift]. The outputs may be the inputs (in place: each element is read before it is
 *  written). The one expression of every SGD path, so a sharded update is the unsharded one bit for bit. */
export function sgdElements(
  k: SgdConstants,
  ps: Float32Array,
  gs: Float32Array,
  ms: Float32Array,
  po: Float32Array,
  mo: Float32Array,
  from: number,
  to: number,
  gShift = 0,
): void {
  const f = Math.fround;
  const { mu, wd, rate } = k;
  for (let i = from; i < to; i++) {
    const g = gs[i + gShift];
    const grad = wd ? f(g + f(ps[i] * wd)) : g;
    const next = f(f(ms[i] * mu) + grad);
    mo[i] = next;
    po[i] = ps[i] - f(next * rate);
  }
}

/** One SGD step as a single JS pass over p, g and m (the same values as five tensor ops, whose per-op
 *  cost dominated the step at small batches). */
function sgdStep(p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, momentum: number, weightDecay: number, lr: number): [tf.Tensor, tf.Tensor] {
  const k = sgdConstants(momentum, weightDecay, lr);
  const out = { shape: p.shape, dtype: 'float32' } as const;
  const [p2, m2] = jsKernel([p, g, m], [out, out], ([ps, gs, ms], [po, mo]) => {
    sgdElements(k, ps as Float32Array, gs as Float32Array, ms as Float32Array, po as Float32Array, mo as Float32Array, 0, ps.length);
  });
  return [p2, m2];
}

export interface OptimizerConfig {
  kind: 'sgd' | 'adam';
  lr: number;
  momentum: number;
  weightDecay: number;
  betas: [number, number];
  eps: number;
}

/** The official code's defaults: SGD, lr 0.03, momentum 0.9, weight decay 5e-4 (its Adam uses no weight decay). */
export function defaultOptimizer(kind: 'sgd' | 'adam' = 'sgd'): OptimizerConfig {
  return { kind, lr: 0.03, momentum: 0.9, weightDecay: kind === 'sgd' ? 5e-4 : 0, betas: [0.9, 0.999], eps: 1e-8 };
}

/** CosineAnnealingLR stepped once per epoch: lr at `epoch` (0-based) of a T_max-epoch cosine (T_max = the
 *  run's epochs by default; the official schedule's is 200 whatever the number of epochs run). */
export function cosineLr(base: number, epoch: number, tMax: number): number {
  return (base * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2;
}

/** The official training schedule (the seed's code): SGD lr 0.03, momentum 0.9, weight decay 5e-4 on every
 *  learned parameter (learned B included; a fixed FA B is never updated), cosine over 200 epochs stepped
 *  once per epoch, batch 128, test batch 100. */
export const officialSchedule = { optimizer: defaultOptimizer('sgd'), tMax: 200, batch: 128, evalBatch: 100 } as const;

export class Optimizer implements Updater {
  lr: number;
  private readonly second = new Map<string, tf.Tensor>();
  private readonly steps = new Map<string, number>();

  constructor(readonly config: OptimizerConfig) {
    this.lr = config.lr;
  }

  update(param: string, p: tf.Tensor, g: tf.Tensor, m: tf.Tensor): [tf.Tensor, tf.Tensor] {
    const c = this.config;
    if (c.kind === 'sgd') return sgdStep(p, g, m, c.momentum, c.weightDecay, this.lr);
    const grad = c.weightDecay ? tf.add(g, tf.mul(p, c.weightDecay)) : g;
    const t = (this.steps.get(param) ?? 0) + 1;
    this.steps.set(param, t);
    const [b1, b2] = c.betas;
    const m2 = tf.add(tf.mul(m, b1), tf.mul(grad, 1 - b1));
    const vOld = this.second.get(param);
    const v2 = tf.keep(tf.add(vOld ? tf.mul(vOld, b2) : tf.zerosLike(p), tf.mul(tf.square(grad), 1 - b2)));
    vOld?.dispose();
    this.second.set(param, v2);
    const mhat = tf.div(m2, 1 - b1 ** t);
    const vhat = tf.div(v2, 1 - b2 ** t);
    return [tf.sub(p, tf.mul(tf.div(mhat, tf.add(tf.sqrt(vhat), c.eps)), this.lr)), m2];
  }

  dispose(): void {
    for (const v of this.second.values()) v.dispose();
    this.second.clear();
  }
}
