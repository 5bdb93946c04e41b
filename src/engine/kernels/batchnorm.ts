// batchnorm (1d on [N,F], 2d on NHWC), PyTorch semantics: training normalises with the batch mean and
// biased variance and moves the running statistics by momentum 0.1 toward the mean and the *unbiased*
// variance; evaluation normalises with the running statistics and leaves them alone.
// running_stats and batch_stats are [2, C]: row 0 the mean, row 1 the variance.
import * as tf from '@tensorflow/tfjs-core';
import { writeIndex, type Kernel } from './kernel.ts';

export const BN_EPS = 1e-5;
export const BN_MOMENTUM = 0.1;

export const batchnorm: Kernel = (ev, ctx) => {
  const x = ctx.read(0);
  const gamma = ctx.read(1);
  const beta = ctx.read(2);
  const running = ctx.read(3);
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  let mean: tf.Tensor;
  let variance: tf.Tensor;
  let nextRunning = running;
  if (ctx.training) {
    ({ mean, variance } = tf.moments(x, axes));
    const m = x.size / x.shape[x.rank - 1];
    const unbiased = tf.mul(variance, m / Math.max(1, m - 1));
    nextRunning = tf.add(tf.mul(running, 1 - BN_MOMENTUM), tf.mul(tf.stack([mean, unbiased]), BN_MOMENTUM));
  } else {
    [mean, variance] = tf.unstack(running);
  }
  const y = tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, BN_EPS))), gamma), beta);
  const out: tf.Tensor[] = [y];
  if (writeIndex(ev, 'batch_stats') >= 0) out.push(tf.stack([mean, variance]));
  out.push(nextRunning);
  return out;
};
