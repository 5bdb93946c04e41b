// maxpool.backward: each output's error goes to its window's argmax position (one-hot over the window),
// then windows fold back to the input extent (ceil-mode padding cropped away).
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';
import { fold, unfitWindows } from './windows.ts';

export const maxpoolBackward: Kernel = (ev, ctx) => {
  const { R, H, W, P, Q } = ev.dims;
  const k = R!;
  const dy = ctx.read(0);
  const argmax = ctx.read(ev.reads.length - 1);
  const [n, , , c] = dy.shape;
  const hot = tf.oneHot(tf.reshape(argmax, [-1]), k * k); // [N·P·Q·C, k·k]
  const spread = tf.mul(hot, tf.reshape(dy, [-1, 1]));
  const windows = tf.transpose(tf.reshape(spread, [n * P! * Q!, c, k * k]), [0, 2, 1]) as tf.Tensor3D;
  return [unfitWindows(fold(windows, n, P!, Q!, k), H!, W!)];
};
