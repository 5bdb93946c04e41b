// Tensor roles grouped the way comparisons report them.
import type { TensorRole } from '../trace/schema.ts';

export const roleGroups = {
  saved: ['saved_activation', 'bn_state', 'relu_mask', 'pool_index'],
  weights: ['weight'],
  feedback: ['feedback_weight'],
  errors: ['error'],
  gradients: ['weight_gradient'],
  optimizer: ['optimizer_state'],
  other: ['input', 'label', 'activation', 'other'],
} as const satisfies Record<string, readonly TensorRole[]>;

export type RoleGroup = keyof typeof roleGroups;
export const roleGroupNames = Object.keys(roleGroups) as RoleGroup[];

export const roleGroupLabels: Record<RoleGroup, string> = {
  saved: 'saved activations',
  weights: 'weights',
  feedback: 'feedback weights',
  errors: 'errors',
  gradients: 'gradients',
  optimizer: 'optimizer state',
  other: 'other',
};

export function groupOf(role: TensorRole): RoleGroup {
  for (const g of roleGroupNames) if ((roleGroups[g] as readonly TensorRole[]).includes(role)) return g;
  return 'other';
}
