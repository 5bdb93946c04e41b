// add: the residual sum.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';

export const add: Kernel = (_ev, ctx) => [tf.add(ctx.read(0), ctx.read(1))];
