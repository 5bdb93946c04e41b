// relu.backward: dx = dy where the unit was active. Active comes from the bool mask or, when the program
// reuses a saved output instead, from output > 0 (the same set, since y = x where x > 0).
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from './kernel.ts';

export const reluBackward: Kernel = (_ev, ctx) => {
  const dy = ctx.read(0);
  const s = ctx.read(1);
  // from a saved output: dy · step(y), two tensor ops instead of greater + zerosLike + where
  return [s.dtype === 'bool' ? tf.where(s, dy, tf.zerosLike(dy)) : tf.mul(dy, tf.step(s))];
};
