// loss.backward: d(mean CE)/dlogits = (softmax − onehot(label)) / N, N the whole batch (all shards).
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';

export const lossBackward: Kernel = (_ev, ctx) => {
  const probs = ctx.read(0) as tf.Tensor2D;
  const labels = ctx.read(1) as tf.Tensor1D;
  const [n, k] = probs.shape;
  const total = ctx.allReduce(new Float64Array([n]))[0];
  return [tf.div(tf.sub(probs, tf.oneHot(labels, k)), total)];
};
