// relu: y = max(x, 0); the optional stash is the mask x > 0 (bool, the trace's 1-bit mask), cast from
// step(x) (exactly 0 or 1: wasm casts float to bool through an integer, so 0.5 would become false), which
// on wasm takes ~2/3 of the time of its compare with a broadcast scalar.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';

export const relu: Kernel = (ev, ctx) => {
  const x = ctx.read(0);
  const y = tf.relu(x);
  return ev.writes.length > 1 ? [y, tf.cast(tf.step(x), 'bool')] : [y];
};
