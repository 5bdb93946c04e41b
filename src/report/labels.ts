// Words for what the charts and tables show: tensor roles and arch config keys as a reader of the paper
// would name them, never the identifiers of the trace format.
import type { TensorRole } from '../trace/schema.ts';

export const tensorRoleLabels: Record<TensorRole, string> = {
  input: 'input batch',
  label: 'labels',
  activation: 'activations (not kept)',
  saved_activation: 'saved activations',
  bn_state: 'batch-norm state',
  relu_mask: 'ReLU masks',
  pool_index: 'max-pool indices',
  weight: 'weights',
  feedback_weight: 'feedback weights',
  weight_gradient: 'weight gradients',
  error: 'errors',
  optimizer_state: 'optimizer state',
  other: 'other',
};

const keyWords: Record<string, string> = {
  'buffer.capacity': 'buffer capacity',
  'buffer.block': 'buffer block size',
  'dram.preset': 'DRAM preset',
  'dram.model': 'DRAM model',
  'dram.bandwidth': 'DRAM bandwidth',
  'compute.macs_per_cycle': 'MACs per cycle',
  'compute.clock': 'compute clock',
  stash: 'stash policy',
};

/** "buffer.capacity" -> "buffer capacity", "dtypes.saved_activation" -> "saved activations dtype". */
export function keyLabel(key: string): string {
  if (keyWords[key]) return keyWords[key];
  const dtype = /^dtypes\.(\w+)$/.exec(key);
  if (dtype && dtype[1] in tensorRoleLabels) return `${tensorRoleLabels[dtype[1] as TensorRole]} dtype`;
  return key.replace(/[._]/g, ' ');
}
