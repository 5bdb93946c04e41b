// batchnorm.backward from the saved input and batch statistics (x̂ recomputed):
//   dγ = Σ dy·x̂,  dβ = Σ dy,  dx = γ·invstd/M · (M·dy − dβ − x̂·dγ)   (M = elements per channel).
import * as tf from '@tensorflow/tfjs-core';
import { BN_EPS } from './batchnorm.ts';
import type { Kernel } from './kernel.ts';

export const batchnormBackward: Kernel = (ev, ctx) => {
  const dy = ctx.read(0);
  const x = ctx.read(1);
  const gamma = ctx.read(2);
  const [mean, variance] = tf.unstack(ctx.read(3));
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const m = x.size / x.shape[x.rank - 1];
  const invstd = tf.rsqrt(tf.add(variance, BN_EPS));
  const xhat = tf.mul(tf.sub(x, mean), invstd);
  const dgamma = tf.sum(tf.mul(dy, xhat), axes);
  const dbeta = tf.sum(dy, axes);
  const out: tf.Tensor[] = [];
  if (ev.writes.length === 3) {
    const inner = tf.sub(tf.sub(tf.mul(dy, m), dbeta), tf.mul(xhat, dgamma));
    out.push(tf.mul(inner, tf.div(tf.mul(gamma, invstd), m)));
  }
  out.push(dgamma, dbeta);
  return out;
};
