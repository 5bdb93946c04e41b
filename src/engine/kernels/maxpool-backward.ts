// maxpool.backward: each output's error goes to its window's argmax position, zero elsewhere (ceil-mode
// cells past the input's edge never hold the argmax, so nothing is cropped away).
import type * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';
import { maxUnpool } from './max-windows.ts';

export const maxpoolBackward: Kernel = (ev, ctx) => {
  const { R, H, W } = ev.dims;
  return [maxUnpool(ctx.read(0) as tf.Tensor4D, ctx.read(ev.reads.length - 1), R!, H!, W!)];
};
