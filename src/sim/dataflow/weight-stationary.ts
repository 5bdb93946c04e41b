// Weight-stationary: the weight-shaped operand stays in the buffer (W in forward and backward-data, the
// accumulating ΔW in the weight gradient); activations and errors stream past it.
import type { Dataflow } from './dataflow.ts';

export const weightStationary: Dataflow = { name: 'weight-stationary', stationary: (g) => g.weight };
