// Per-channel sums of channels-last tensors, accumulated in float64 on the JS side. tfjs-backend-wasm's
// reductions add N·H·W float32 values one after another, so their error grows with the count (a mean over
// 32×56×56 is ~1e-5 off); a float32 value, its square and a product of two fit a float64 exactly, so these
// sums are exact up to float64 accumulation (~1e-16·√count relative). The partial sums are also what the
// data-parallel workers exchange (KernelContext.allReduce), so batch statistics span the whole batch.
// The values are read in place (js-kernel.ts): a dataSync copy of every BN input and error cost more than
// the sums themselves.
import type * as tf from '@tensorflow/tfjs-core';
import { values } from './js-kernel.ts';

const channels = (t: tf.Tensor): number => t.shape[t.rank - 1];

/** [Σx per channel, Σx² per channel, count per channel] as one vector of length 2C + 1. */
export function momentSums(x: tf.Tensor): Float64Array {
  const c = channels(x);
  const v = values(x);
  const out = new Float64Array(2 * c + 1);
  for (let i = 0; i < v.length; i += c)
    for (let k = 0; k < c; k++) {
      const a = v[i + k];
      out[k] += a;
      out[c + k] += a * a;
    }
  out[2 * c] = v.length / c;
  return out;
}

/** [Σdy per channel, Σdy·x per channel] as one vector of length 2C. */
export function gradientSums(dy: tf.Tensor, x: tf.Tensor): Float64Array {
  const c = channels(x);
  const g = values(dy);
  const v = values(x);
  const out = new Float64Array(2 * c);
  for (let i = 0; i < v.length; i += c)
    for (let k = 0; k < c; k++) {
      const d = g[i + k];
      out[k] += d;
      out[c + k] += d * v[i + k];
    }
  return out;
}

/** Σ per channel (a bias gradient: the error summed over batch and space). */
export function channelTotals(t: tf.Tensor): Float64Array {
  const c = channels(t);
  const v = values(t);
  const out = new Float64Array(c);
  for (let i = 0; i < v.length; i += c) for (let k = 0; k < c; k++) out[k] += v[i + k];
  return out;
}
