// share.match (the official code's matching): repeat the shared activation's channels `repeat` times
// (torch.cat along channels: channel j of the result is source channel j mod C), then max-pool by `pool`.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';
import { maxPoolArgmax } from './max-windows.ts';

export const shareMatch: Kernel = (ev, ctx) => {
  const s = ctx.read(0) as tf.Tensor4D;
  const repeat = ev.dims.repeat ?? 1;
  const pool = ev.dims.pool ?? 1;
  const wide = repeat > 1 ? (tf.concat(Array<tf.Tensor4D>(repeat).fill(s), 3) as tf.Tensor4D) : s;
  if (pool === 1) return [wide];
  const { out, argmax } = maxPoolArgmax(wide, pool, ev.dims.P!, ev.dims.Q!);
  argmax.dispose();
  return [out];
};
