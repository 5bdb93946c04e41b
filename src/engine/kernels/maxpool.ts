// maxpool (kernel = stride, PyTorch ceil mode); the stash is the window-local argmax.
import type * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';
import { maxPoolArgmax } from './max-windows.ts';

export const maxpool: Kernel = (ev, ctx) => {
  const { R, stride, P, Q } = ev.dims;
  if (R !== stride) throw new Error(`${ev.layer}: max pool with kernel ${R} ≠ stride ${stride} is not supported by the engine`);
  const { out, argmax } = maxPoolArgmax(ctx.read(0) as tf.Tensor4D, R!, P!, Q!);
  if (ev.writes.length > 1) return [out, argmax];
  argmax.dispose();
  return [out];
};
