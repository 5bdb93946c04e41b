// dfa.project: a receiver's error is the output error through its fixed matrix, e·B_l
// (B_l is [classes, features], features in C,H,W order), reshaped to the receiver tensor.
import * as tf from '@tensorflow/tfjs-core';
import { unflattenNCHW } from './layout.ts';
import type { Kernel } from './kernel.ts';

export const dfaProject: Kernel = (ev, ctx) => [unflattenNCHW(tf.matMul(ctx.read(0) as tf.Tensor2D, ctx.read(1) as tf.Tensor2D), ev.writes[0].shape)];
