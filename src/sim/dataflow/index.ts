import type { DataflowName } from '../../arch/vocabulary.ts';
import type { Dataflow } from './dataflow.ts';
import { inputStationary } from './input-stationary.ts';
import { outputStationary } from './output-stationary.ts';
import { weightStationary } from './weight-stationary.ts';

export type { Dataflow, Gemm, Tiling, Operand } from './dataflow.ts';
export const dataflows: Record<DataflowName, Dataflow> = {
  'weight-stationary': weightStationary,
  'output-stationary': outputStationary,
  'input-stationary': inputStationary,
};
