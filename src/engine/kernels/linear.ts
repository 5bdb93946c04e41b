// linear: y = flatten(x)·Wᵀ + b, flattening in PyTorch's C,H,W order so W keeps PyTorch's layout.
// Computed as (W·flatten(x)ᵀ)ᵀ: wasm's matMul with a transpose flag is ~10× slower than an explicit
// transpose, and transposing x and y (N·(in + out) values) instead of W (in·out) made fc1 of the convnet
// (128 × 4096 → 1024) 3× faster on wasm.
import * as tf from '@tensorflow/tfjs-core';
import { flattenNCHW } from './layout.ts';
import type { Kernel } from './kernel.ts';
import { transpose2d } from './transpose2d.ts';

export const linear: Kernel = (ev, ctx) => {
  let y: tf.Tensor = transpose2d(tf.matMul(ctx.read(1) as tf.Tensor2D, transpose2d(flattenNCHW(ctx.read(0)))));
  if (ev.reads.length > 2) y = tf.add(y, ctx.read(2));
  return [y];
};
