// avgpool.backward: each output's error, divided by k², to every position of its window.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';
import { fold, unfitWindows } from './windows.ts';

export const avgpoolBackward: Kernel = (ev, ctx) => {
  const { R, H, W, P, Q } = ev.dims;
  const k = R!;
  const dy = ctx.read(0);
  const [n, , , c] = dy.shape;
  const per = tf.reshape(tf.div(dy, k * k), [n * P! * Q!, 1, c]);
  const windows = tf.tile(per, [1, k * k, 1]) as tf.Tensor3D;
  return [unfitWindows(fold(windows, n, P!, Q!, k), H!, W!)];
};
