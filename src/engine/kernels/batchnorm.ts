// batchnorm (1d on [N,F], 2d on NHWC), PyTorch semantics: training normalises with the batch mean and
// biased variance and moves the running statistics by momentum 0.1 toward the mean and the *unbiased*
// variance; evaluation normalises with the running statistics and leaves them alone.
// running_stats and batch_stats are [2, C]: row 0 the mean, row 1 the variance.
// The statistics are float64 sums (channel-sums.ts), reduced over every data-parallel shard, so they are
// those of the whole batch; y = x·a + b with per-channel a = γ/√(var+ε), b = β − mean·a (one multiply and
// one add over the tensor instead of tf.moments' passes and a five-op normalisation).
import * as tf from '@tensorflow/tfjs-core';
import { momentSums } from './channel-sums.ts';
import { writeIndex, type Kernel } from './kernel.ts';

export const BN_EPS = 1e-5;
export const BN_MOMENTUM = 0.1;

export const batchnorm: Kernel = (ev, ctx) => {
  const x = ctx.read(0);
  const gamma = ctx.read(1).dataSync();
  const beta = ctx.read(2).dataSync();
  const running = ctx.read(3);
  const c = x.shape[x.rank - 1];
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  let nextRunning = running;
  if (ctx.training) {
    const s = ctx.allReduce(momentSums(x));
    const m = s[2 * c];
    const old = running.dataSync();
    const next = new Float32Array(2 * c);
    for (let k = 0; k < c; k++) {
      mean[k] = s[k] / m;
      variance[k] = Math.max(0, s[c + k] / m - mean[k] * mean[k]);
      next[k] = (1 - BN_MOMENTUM) * old[k] + BN_MOMENTUM * mean[k];
      next[c + k] = (1 - BN_MOMENTUM) * old[c + k] + BN_MOMENTUM * variance[k] * (m / Math.max(1, m - 1));
    }
    nextRunning = tf.tensor2d(next, [2, c]);
  } else {
    const r = running.dataSync();
    for (let k = 0; k < c; k++) [mean[k], variance[k]] = [r[k], r[c + k]];
  }
  const a = new Float32Array(c);
  const b = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    const scale = gamma[k] / Math.sqrt(variance[k] + BN_EPS);
    a[k] = scale;
    b[k] = beta[k] - mean[k] * scale;
  }
  const out: tf.Tensor[] = [tf.add(tf.mul(x, tf.tensor1d(a)), tf.tensor1d(b))];
  if (writeIndex(ev, 'batch_stats') >= 0) out.push(tf.tensor2d([...mean, ...variance], [2, c]));
  out.push(nextRunning);
  return out;
};
