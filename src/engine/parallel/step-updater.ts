// What a data-parallel shard's step needs from its updater besides the per-parameter update: the step's
// gradients once before the update phase (`prepare`), a closing exchange after it (`finish`), and a reset
// whatever happened (`endStep`).
import type * as tf from '@tensorflow/tfjs-core';
import type { Updater } from '../kernels/kernel.ts';

export interface StepUpdater extends Updater {
  readonly prepare: (gradients: tf.Tensor[]) => void;
  finish(): void;
  endStep(): void;
}
