// The operands every op of a trace carries at least (the replay and the lowering read them by position:
// conv2d reads [input, weight] and writes [output]). Typed by OpName, so a new op does not compile until
// it says what it needs; the trace reader refuses an event with fewer, naming the line.
import type { OpName } from './schema.ts';

export const opOperands: Record<OpName, { reads: number; writes: number }> = {
  conv2d: { reads: 2, writes: 1 },
  'conv2d.backward_data': { reads: 2, writes: 1 },
  'conv2d.backward_weight': { reads: 2, writes: 1 },
  linear: { reads: 2, writes: 1 },
  'linear.backward_data': { reads: 2, writes: 1 },
  'linear.backward_weight': { reads: 2, writes: 1 },
  batchnorm: { reads: 1, writes: 1 },
  'batchnorm.backward': { reads: 2, writes: 1 },
  relu: { reads: 1, writes: 1 },
  'relu.backward': { reads: 2, writes: 1 },
  maxpool: { reads: 1, writes: 1 },
  'maxpool.backward': { reads: 2, writes: 1 },
  avgpool: { reads: 1, writes: 1 },
  'avgpool.backward': { reads: 1, writes: 1 },
  add: { reads: 2, writes: 1 },
  'grad.accumulate': { reads: 2, writes: 1 },
  loss: { reads: 2, writes: 1 },
  'loss.backward': { reads: 2, writes: 1 },
  'share.match': { reads: 1, writes: 1 },
  'dfa.project': { reads: 2, writes: 1 },
  'sgd.update': { reads: 2, writes: 1 },
};

export const opNames = Object.keys(opOperands) as OpName[];
