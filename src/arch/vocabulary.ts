// The names an arch config may use for choices whose implementations live in higher stages (the replay's
// dataflows). The config owns the vocabulary; each implementation registers under one of these names, and
// its registry is typed `Record<Name, ...>` so the compiler checks it is complete.
export const dataflowNames = ['weight-stationary', 'output-stationary', 'input-stationary'] as const;
export type DataflowName = (typeof dataflowNames)[number];
