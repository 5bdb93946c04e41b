// conv2d: y = conv(x, W) + b with PyTorch's symmetric zero padding; x NHWC, W RSCK.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';

export const conv2d: Kernel = (ev, ctx) => {
  const x = ctx.read(0) as tf.Tensor4D;
  const w = ctx.read(1) as tf.Tensor4D;
  let y: tf.Tensor = tf.conv2d(x, w, ev.dims.stride ?? 1, ev.dims.padding ?? 0);
  if (ev.reads.length > 2) y = tf.add(y, ctx.read(2));
  return [y];
};
