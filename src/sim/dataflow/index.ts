import type { Dataflow } from './dataflow.ts';
import { inputStationary } from './input-stationary.ts';
import { outputStationary } from './output-stationary.ts';
import { weightStationary } from './weight-stationary.ts';

export type { Dataflow, Gemm, Tiling, Operand } from './dataflow.ts';
export const dataflows: Record<string, Dataflow> = Object.fromEntries([weightStationary, outputStationary, inputStationary].map((d) => [d.name, d]));
export const dataflowNames = Object.keys(dataflows) as [string, ...string[]];
