// loss: mean softmax cross-entropy over the batch (PyTorch's CrossEntropyLoss); the stash is the softmax.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';

export const loss: Kernel = (ev, ctx) => {
  const logits = ctx.read(0) as tf.Tensor2D;
  const labels = ctx.read(1);
  const logp = tf.logSoftmax(logits);
  const picked = tf.sum(tf.mul(logp, tf.oneHot(labels as tf.Tensor1D, logits.shape[1])), 1);
  const value = tf.reshape(tf.neg(tf.mean(picked)), [1]);
  return ev.writes.length > 1 ? [value, tf.exp(logp)] : [value];
};
