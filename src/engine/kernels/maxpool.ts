// maxpool (kernel = stride, PyTorch ceil mode via -∞ padding); the stash is the window-local argmax.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';
import { maxWindows } from './windows.ts';

export const maxpool: Kernel = (ev, ctx) => {
  const { R, stride, P, Q } = ev.dims;
  if (R !== stride) throw new Error(`${ev.layer}: max pool with kernel ${R} ≠ stride ${stride} is not supported by the engine`);
  const { out, argmax } = maxWindows(ctx.read(0) as tf.Tensor4D, R!, P!, Q!);
  return ev.writes.length > 1 ? [out, argmax] : [out];
};
