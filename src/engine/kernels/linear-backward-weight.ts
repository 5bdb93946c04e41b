// linear.backward_weight: dW = dyᵀ·flatten(x), db = Σ_n dy (explicit transpose: see linear.ts).
import * as tf from '@tensorflow/tfjs-core';
import { flattenNCHW } from './layout.ts';
import type { Kernel } from './kernel.ts';

export const linearBackwardWeight: Kernel = (ev, ctx) => {
  const dy = ctx.read(0) as tf.Tensor2D;
  const out: tf.Tensor[] = [tf.matMul(tf.transpose(dy), flattenNCHW(ctx.read(1)))];
  if (ev.writes.length > 1) out.push(tf.sum(dy, 0));
  return out;
};
