// The kernel registry: one kernel per op name of the trace schema.
import { add } from './add.ts';
import { avgpool } from './avgpool.ts';
import { avgpoolBackward } from './avgpool-backward.ts';
import { batchnorm } from './batchnorm.ts';
import { batchnormBackward } from './batchnorm-backward.ts';
import { conv2d } from './conv2d.ts';
import { conv2dBackwardData } from './conv2d-backward-data.ts';
import { conv2dBackwardWeight } from './conv2d-backward-weight.ts';
import { dfaProject } from './dfa-project.ts';
import { gradAccumulate } from './grad-accumulate.ts';
import type { KernelTable } from './kernel.ts';
import { linear } from './linear.ts';
import { linearBackwardData } from './linear-backward-data.ts';
import { linearBackwardWeight } from './linear-backward-weight.ts';
import { loss } from './loss.ts';
import { lossBackward } from './loss-backward.ts';
import { maxpool } from './maxpool.ts';
import { maxpoolBackward } from './maxpool-backward.ts';
import { relu } from './relu.ts';
import { reluBackward } from './relu-backward.ts';
import { sgdUpdate } from './sgd-update.ts';
import { shareMatch } from './share-match.ts';

export type { Kernel, KernelContext, Updater } from './kernel.ts';

export const kernels: KernelTable = {
  conv2d,
  'conv2d.backward_data': conv2dBackwardData,
  'conv2d.backward_weight': conv2dBackwardWeight,
  linear,
  'linear.backward_data': linearBackwardData,
  'linear.backward_weight': linearBackwardWeight,
  batchnorm,
  'batchnorm.backward': batchnormBackward,
  relu,
  'relu.backward': reluBackward,
  maxpool,
  'maxpool.backward': maxpoolBackward,
  avgpool,
  'avgpool.backward': avgpoolBackward,
  add,
  'grad.accumulate': gradAccumulate,
  loss,
  'loss.backward': lossBackward,
  'share.match': shareMatch,
  'dfa.project': dfaProject,
  'sgd.update': sgdUpdate,
};
