// linear.backward_data: dx = dy·M (M = W or B), unflattened to the input's shape. wasm packs a matMul's
// second operand on every call, and M is a new tensor every step: when M is the larger operand (the
// layer's outputs outnumber twice the batch) dx is computed as (Mᵀ·dyᵀ)ᵀ, packing the small dyᵀ instead
// (convnet ×1 fc1, 1024 × 4096 at batch 128: 179 → 118 ms).
import * as tf from '@tensorflow/tfjs-core';
import { unflattenNCHW } from './layout.ts';
import type { Kernel } from './kernel.ts';
import { transpose2d } from './transpose2d.ts';

export const linearBackwardData: Kernel = (ev, ctx) => {
  const dy = ctx.read(0) as tf.Tensor2D;
  const m = ctx.read(1) as tf.Tensor2D;
  const dx = m.shape[0] >= 2 * dy.shape[0] ? transpose2d(tf.matMul(transpose2d(m), transpose2d(dy))) : tf.matMul(dy, m);
  return [unflattenNCHW(dx, ev.writes[0].shape)];
};
