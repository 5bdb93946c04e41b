// grad.accumulate: the error of a tensor read by several consumers is the sum of their contributions.
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';

export const gradAccumulate: Kernel = (ev, ctx) => [tf.addN(ev.reads.map((_, i) => ctx.read(i)))];
