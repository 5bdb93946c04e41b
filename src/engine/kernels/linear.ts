// linear: y = flatten(x)·Wᵀ + b, flattening in PyTorch's C,H,W order so W keeps PyTorch's layout.
// The transpose is explicit: wasm's matMul with a transpose flag is ~10× slower than transpose + matMul.
import * as tf from '@tensorflow/tfjs-core';
import { flattenNCHW } from './layout.ts';
import type { Kernel } from './kernel.ts';

export const linear: Kernel = (_ev, ctx) => {
  let y: tf.Tensor = tf.matMul(flattenNCHW(ctx.read(0)), tf.transpose(ctx.read(1) as tf.Tensor2D));
  if (_ev.reads.length > 2) y = tf.add(y, ctx.read(2));
  return [y];
};
