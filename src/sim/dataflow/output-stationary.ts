// Output-stationary: each output tile stays until its whole reduction is done; both inputs stream.
import type { Dataflow } from './dataflow.ts';

export const outputStationary: Dataflow = { name: 'output-stationary', stationary: () => 'C' };
