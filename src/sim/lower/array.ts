// Compute cycles when no mapper says otherwise. Matrix ops: the GEMM's reduction K along the PE array's
// rows and its N along the columns (an output-row-major systolic schedule, as SCALE-Sim's weight-
// stationary one): ceil(K/rows) × ceil(N/cols) folds, each streaming M rows plus a fill/drain of rows + cols
// cycles. Element-wise ops: ceil(ops / lanes) cycles of the vector unit.
import type { ArchConfig } from '../../arch/schema.ts';
import type { Gemm } from '../dataflow/dataflow.ts';

export function arrayEdge(arch: ArchConfig): number {
  return Math.max(1, Math.floor(Math.sqrt(arch.compute.macs_per_cycle)));
}

export function gemmCycles(g: Gemm, arch: ArchConfig): { cycles: number; utilisation: number } {
  const rows = arrayEdge(arch);
  const cols = Math.max(1, Math.floor(arch.compute.macs_per_cycle / rows));
  const folds = Math.ceil(g.K / rows) * Math.ceil(g.N / cols);
  const cycles = folds * (g.M + rows + cols);
  return { cycles, utilisation: (g.M * g.N * g.K) / (cycles * arch.compute.macs_per_cycle) };
}

export function vectorCycles(ops: number, arch: ArchConfig): { cycles: number; utilisation: number } {
  const lanes = arch.compute.vector_ops_per_cycle;
  const cycles = Math.ceil(ops / lanes);
  return { cycles, utilisation: cycles > 0 ? ops / (cycles * lanes) : 1 };
}
