// share.match (the official code's matching): repeat the shared activation's channels `repeat` times
// (torch.cat along channels: channel j of the result is source channel j mod C), then max-pool by `pool`.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';
import { maxWindows } from './windows.ts';

export const shareMatch: Kernel = (ev, ctx) => {
  const s = ctx.read(0) as tf.Tensor4D;
  const repeat = ev.dims.repeat ?? 1;
  const pool = ev.dims.pool ?? 1;
  const wide = repeat > 1 ? (tf.concat(Array<tf.Tensor4D>(repeat).fill(s), 3) as tf.Tensor4D) : s;
  return [pool > 1 ? maxWindows(wide, pool, ev.dims.P!, ev.dims.Q!).out : wide];
};
