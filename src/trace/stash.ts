// Stash policies: what the forward pass keeps for backward, with the same meaning for every rule. The
// policy decides the BP-vs-ASAP answer (a ReLU output kept in full is the next conv's input anyway), so
// every report names it. Policies that keep less recompute the rest in the backward pass as ops of the
// program, so the replay charges their traffic and compute, not only the bytes they save (docs/stash.md).
import type { AsapKnobs, ElementType, StashPolicy, TensorRole } from './schema.ts';
import { tensorRoles } from './schema.ts';

export const stashPolicyNames = ['pytorch', 'compact', 'recompute', 'inplace-abn', 'checkpoint'] as const;
export type StashPolicyName = (typeof stashPolicyNames)[number];

const policies = {
  /** What PyTorch autograd keeps: ReLU outputs, max-pool inputs and int64 indices. */
  pytorch: { name: 'pytorch', relu: 'output', maxpool: 'input+index', keep: 'all' },
  /** What an accelerator keeps: a 1-bit mask for every ReLU (whatever else is kept), int8 max-pool argmax. */
  compact: { name: 'compact', relu: 'mask', maxpool: 'index', keep: 'all' },
  /** Keep conv/linear (and residual-add) outputs; recompute BN-apply, ReLU and max pool in backward. */
  recompute: { name: 'recompute', relu: 'mask', maxpool: 'index', keep: 'conv-outputs' },
  /** In-Place ABN (Rota Bulò et al., CVPR 2018): keep the BN output, invert it in BN backward; ReLU re-runs from it. */
  'inplace-abn': { name: 'inplace-abn', relu: 'mask', maxpool: 'index', keep: 'bn-outputs' },
  /** Chen et al. 2016 checkpointing: keep each block's input only and re-run the block in backward. */
  checkpoint: { name: 'checkpoint', relu: 'mask', maxpool: 'index', keep: 'block-inputs' },
} satisfies Record<StashPolicyName, StashPolicy>;

export const stashPolicies: Record<string, StashPolicy> = policies;

export function getStashPolicy(name: string): StashPolicy {
  const p = (stashPolicies as Record<string, StashPolicy>)[name];
  if (!p) throw new Error(`unknown stash policy "${name}": expected one of ${stashPolicyNames.join(', ')}`);
  return p;
}

/** The official ASAP code's implementation (models/resnet_asap, optim over W and B): the default everywhere. */
export const officialAsapKnobs: AsapKnobs = { sharedStash: 'full', feedbackUpdate: 'own-momentum', shareSchedule: 'per-layer' };

/** Element types per role: `value` for data, bits for masks, int8 (compact) or int64 (PyTorch) argmax. */
export function defaultDtypes(policy: StashPolicy, value: ElementType = 'fp32'): Record<TensorRole, ElementType> {
  const d = Object.fromEntries(tensorRoles.map((r) => [r, value])) as Record<TensorRole, ElementType>;
  d.label = 'int32';
  d.relu_mask = 'bit';
  d.pool_index = policy.maxpool === 'input+index' ? 'int64' : 'int8';
  return d;
}
