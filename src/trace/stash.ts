// Stash policies: what the forward pass keeps for backward besides conv/linear inputs. The policy decides
// the BP-vs-ASAP answer (a ReLU output kept in full is the next conv's input anyway), so every report names it.
import type { ElementType, StashPolicy, TensorRole } from './schema.ts';
import { tensorRoles } from './schema.ts';
import { own } from '../util/lookup.ts';

export const stashPolicies: Record<string, StashPolicy> = {
  /** What an accelerator keeps: 1-bit ReLU masks and max-pool argmax only. */
  compact: { name: 'compact', relu: 'mask', maxpool: 'index' },
  /** What PyTorch autograd keeps: ReLU outputs, max-pool inputs and int64 indices. */
  pytorch: { name: 'pytorch', relu: 'output', maxpool: 'input+index' },
};

export function getStashPolicy(name: string): StashPolicy {
  const p = own(stashPolicies, name);
  if (!p) throw new Error(`unknown stash policy "${name}": expected one of ${Object.keys(stashPolicies).join(', ')}`);
  return p;
}

/** Element types per role: `value` for data, bits for masks, int8 (compact) or int64 (PyTorch) argmax. */
export function defaultDtypes(policy: StashPolicy, value: ElementType = 'fp32'): Record<TensorRole, ElementType> {
  const d = Object.fromEntries(tensorRoles.map((r) => [r, value])) as Record<TensorRole, ElementType>;
  d.label = 'int32';
  d.relu_mask = 'bit';
  d.pool_index = policy.maxpool === 'input+index' ? 'int64' : 'int8';
  return d;
}
