// The names an arch config may use for choices whose implementations live in higher stages (the replay's
// dataflows). The config owns the vocabulary; each implementation registers under one of these names, and
// its registry is typed `Record<Name, ...>` so the compiler checks it is complete.
export const dataflowNames = ['weight-stationary', 'output-stationary', 'input-stationary'] as const;
export type DataflowName = (typeof dataflowNames)[number];

/** Residency policies of the on-chip buffer (src/sim/buffer/). */
export const residencyPolicyNames = ['lru', 'next-use', 'scratchpad'] as const;
export type ResidencyPolicyName = (typeof residencyPolicyNames)[number];

/**
 * What a forwarded tensor's consumer passes after the first cost: spill (the producer also writes it to
 * DRAM once, every further pass re-reads it) or recompute (the producer chain runs again per pass).
 * free is the pre-issue-11 model (every pass on chip although the tensor was never resident), kept only so
 * the change can be decomposed; it is not physical.
 */
export const extraPassNames = ['spill', 'recompute', 'free'] as const;
export type ExtraPassName = (typeof extraPassNames)[number];
