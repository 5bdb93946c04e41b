// conv2d.backward_data: dx = conv2dᵀ(dy, M) where M is W (BP, AS) or B (FA, KP, ASAP); the transposed
// convolution has a kernel on every backend, wasm included.
import * as tf from '@tensorflow/tfjs-core';
import { engineShape } from '../layout.ts';
import type { Kernel } from './kernel.ts';

export const conv2dBackwardData: Kernel = (ev, ctx) => {
  const dy = ctx.read(0) as tf.Tensor4D;
  const m = ctx.read(1) as tf.Tensor4D;
  const xShape = engineShape(ev.writes[0].shape, ev.writes[0].role) as [number, number, number, number];
  return [tf.conv2dTranspose(dy, m, xShape, ev.dims.stride ?? 1, ev.dims.padding ?? 0)];
};
