// linear.backward_data: dx = dy·M (M = W or B), unflattened to the input's shape.
import * as tf from '@tensorflow/tfjs-core';
import { unflattenNCHW } from './layout.ts';
import type { Kernel } from './kernel.ts';

export const linearBackwardData: Kernel = (ev, ctx) => [unflattenNCHW(tf.matMul(ctx.read(0) as tf.Tensor2D, ctx.read(1) as tf.Tensor2D), ev.writes[0].shape)];
