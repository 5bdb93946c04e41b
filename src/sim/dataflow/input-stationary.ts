// Input-stationary: a tile of the streamed-in activation (or error) stays; the weight-shaped operand streams.
import type { Dataflow } from './dataflow.ts';

export const inputStationary: Dataflow = { name: 'input-stationary', stationary: () => 'A' };
