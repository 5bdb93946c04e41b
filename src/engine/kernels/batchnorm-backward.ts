// batchnorm.backward from the saved input and batch statistics, with s = 1/√(var+ε), x̂ = (x − mean)·s:
//   dβ = Σ dy,  dγ = Σ dy·x̂ = s·(Σ dy·x − mean·Σ dy),
//   dx = γs/M · (M·dy − dβ − x̂·dγ) = A·dy + B·x + C per channel, with A = γs, B = −γs²·dγ/M,
//   C = −γs/M · (dβ − mean·s·dγ)   (M = elements per channel over the whole batch).
// The sums are float64 (channel-sums.ts); dx needs them over the whole batch, so they are reduced over every
// data-parallel shard, while dγ and dβ are written from this shard's own sums (the optimizer sums
// parameter gradients over the shards). The coefficients are float64, rounded to float32; dx is
// A·dy + B·x + C per channel.
import * as tf from '@tensorflow/tfjs-core';
import { BN_EPS } from './batchnorm.ts';
import { gradientSums } from './channel-sums.ts';
import { jsKernel } from './js-kernel.ts';
import type { Kernel } from './kernel.ts';

/** dx = (A·dy + B·x) + C per channel. With few channels as one JS pass, each operation rounded to float32
 *  as the tfjs broadcast ops (same values): on wasm that took 3/4 of their time at 16 and 32 channels
 *  (128×28×28×16: 50 → 38 ms) but as long or longer from 64 channels on, where the tfjs ops stay. */
function inputGradient(dy: tf.Tensor, x: tf.Tensor, A: Float32Array, B: Float32Array, C: Float32Array): tf.Tensor {
  const c = A.length;
  if (c > 32) return tf.add(tf.add(tf.mul(dy, tf.tensor1d(A)), tf.mul(x, tf.tensor1d(B))), tf.tensor1d(C));
  const f = Math.fround;
  const [dx] = jsKernel([dy, x], [{ shape: x.shape, dtype: 'float32' }], ([g, v], [d]) => {
    for (let i = 0; i < v.length; i += c) for (let k = 0; k < c; k++) d[i + k] = f(f(g[i + k] * A[k]) + f(v[i + k] * B[k])) + C[k];
  });
  return dx;
}

export const batchnormBackward: Kernel = (ev, ctx) => {
  const dy = ctx.read(0);
  const x = ctx.read(1);
  const gamma = ctx.read(2).dataSync();
  const stats = ctx.read(3).dataSync();
  const c = x.shape[x.rank - 1];
  const local = gradientSums(dy, x);
  const withCount = new Float64Array(2 * c + 1);
  withCount.set(local);
  withCount[2 * c] = x.size / c;
  const sums = ctx.allReduce(withCount);
  const m = sums[2 * c];
  const dgamma = new Float32Array(c);
  const dbeta = new Float32Array(c);
  const A = new Float32Array(c);
  const B = new Float32Array(c);
  const C = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    const mean = stats[k];
    const s = 1 / Math.sqrt(stats[c + k] + BN_EPS);
    const db = sums[k];
    const dg = s * (sums[c + k] - mean * db);
    dgamma[k] = s * (local[c + k] - mean * local[k]);
    dbeta[k] = local[k];
    A[k] = gamma[k] * s;
    B[k] = (-gamma[k] * s * s * dg) / m;
    C[k] = (-gamma[k] * s * (db - mean * s * dg)) / m;
  }
  const out: tf.Tensor[] = [];
  if (ev.writes.length === 3) out.push(inputGradient(dy, x, A, B, C));
  out.push(tf.tensor1d(dgamma), tf.tensor1d(dbeta));
  return out;
};
