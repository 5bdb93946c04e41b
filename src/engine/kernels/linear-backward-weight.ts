// linear.backward_weight: dW = dyᵀ·flatten(x), db = Σ_n dy (explicit transpose: see linear.ts; the sum in
// float64 JS, as the conv bias's).
import * as tf from '@tensorflow/tfjs-core';
import { channelTotals } from './channel-sums.ts';
import { flattenNCHW } from './layout.ts';
import type { Kernel } from './kernel.ts';
import { transpose2d } from './transpose2d.ts';

export const linearBackwardWeight: Kernel = (ev, ctx) => {
  const dy = ctx.read(0) as tf.Tensor2D;
  const out: tf.Tensor[] = [tf.matMul(transpose2d(dy), flattenNCHW(ctx.read(1)))];
  if (ev.writes.length > 1) out.push(tf.tensor1d(Float32Array.from(channelTotals(dy))));
  return out;
};
