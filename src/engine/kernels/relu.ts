// relu: y = max(x, 0); the optional stash is the mask x > 0 (bool, the trace's 1-bit mask).
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';

export const relu: Kernel = (ev, ctx) => {
  const x = ctx.read(0);
  const y = tf.relu(x);
  return ev.writes.length > 1 ? [y, tf.greater(x, 0)] : [y];
};
