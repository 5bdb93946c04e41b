// avgpool (kernel = stride, floor mode; kernel = H is the global/adaptive pool): mean over each window.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';
import { fitWindows, unfold } from './windows.ts';

export const avgpool: Kernel = (ev, ctx) => {
  const { R, P, Q } = ev.dims;
  const x = ctx.read(0) as tf.Tensor4D;
  const win = unfold(fitWindows(x, R!, P!, Q!, 0), R!);
  return [tf.reshape(tf.mean(win, 1), [x.shape[0], P!, Q!, x.shape[3]])];
};
