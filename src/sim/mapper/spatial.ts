// The PE array running one buffer tile, as the GEMM C[M×Nn] += A[M×Kr]·B[Kr×Nn] (A the windowed input in
// im2col form, C the written operand). Timing follows SCALE-Sim: a dataflow puts two GEMM dimensions on the
// rows and columns and streams the third; every fold (one rows × columns block of the spatial dimensions)
// takes 2·rows + columns + ⌈T / macsPerPe⌉ − 2 cycles (load the stationary block, skew in, stream T, drain),
// whatever part of the array it uses, so partial folds and small tiles lower utilisation.
import type { ArrayDataflow, HardwareBudget } from './mapper.ts';
import { loopDims } from './mapper.ts';
import type { Tiles } from './nest.ts';
import type { Problem, Space } from './problem.ts';

export interface TileGemm {
  M: number;
  Nn: number;
  Kr: number;
}

/** The GEMM of a tile: forward/bwd-data M = n·p·q, Nn = k, Kr = c·taps; weight gradient M = c·R·S, Nn = k, Kr = n·p·q. */
export function tileGemm(p: Problem, t: Tiles): TileGemm {
  if (p.written === 'filter') return { M: t.C * p.R * p.S, Nn: t.K, Kr: t.N * t.P * t.Q };
  return { M: t.N * t.P * t.Q, Nn: t.K, Kr: Math.ceil(t.C * p.taps) };
}

/** GEMM operand → data space: A is the windowed input, C the written space, B the other one. */
export const gemmSpace = (p: Problem): { A: Space; B: Space; C: Space } => ({
  A: 'window',
  B: p.written === 'filter' ? 'plane' : 'filter',
  C: p.written,
});

export interface ArrayRun {
  cycles: number;
  folds: number;
  /** Elements the array reads from / writes to the buffer, per space. */
  reads: Record<Space, number>;
  writes: Record<Space, number>;
}

const zero = (): Record<Space, number> => ({ window: 0, filter: 0, plane: 0 });

/** One tile GEMM on the array. */
export function runTile(g: TileGemm, flow: ArrayDataflow, hw: HardwareBudget): { cycles: number; folds: number; A: number; B: number; Cw: number; Cr: number } {
  const { rows, columns } = hw.array;
  const [X, Y, T] = flow === 'ws' ? [g.Kr, g.Nn, g.M] : flow === 'os' ? [g.M, g.Nn, g.Kr] : [g.Kr, g.M, g.Nn];
  const folds = Math.ceil(X / rows) * Math.ceil(Y / columns);
  const cycles = folds * (2 * rows + columns + Math.ceil(T / hw.macsPerPePerCycle) - 2);
  const a = g.M * g.Kr;
  const b = g.Kr * g.Nn;
  const c = g.M * g.Nn;
  const reductionFolds = Math.ceil(g.Kr / rows);
  if (flow === 'ws') return { cycles, folds, A: a * Math.ceil(g.Nn / columns), B: b, Cw: c * reductionFolds, Cr: c * (reductionFolds - 1) };
  if (flow === 'os') return { cycles, folds, A: a * Math.ceil(g.Nn / columns), B: b * Math.ceil(g.M / rows), Cw: c, Cr: 0 };
  return { cycles, folds, A: a, B: b * Math.ceil(g.M / columns), Cw: c * reductionFolds, Cr: c * (reductionFolds - 1) };
}

/** Every buffer tile of the nest on the array: tiles come in ≤ 2^5 shapes (full or remainder per dimension). */
export function runNest(p: Problem, t: Tiles, flow: ArrayDataflow, hw: HardwareBudget): ArrayRun {
  let classes: { tiles: Tiles; count: number }[] = [{ tiles: { ...t }, count: 1 }];
  for (const d of loopDims) {
    const full = Math.floor(p.extent[d] / t[d]);
    const rest = p.extent[d] - full * t[d];
    classes = classes.flatMap((c) => [
      ...(full > 0 ? [{ tiles: { ...c.tiles, [d]: t[d] }, count: c.count * full }] : []),
      ...(rest > 0 ? [{ tiles: { ...c.tiles, [d]: rest }, count: c.count }] : []),
    ]);
  }
  const s = gemmSpace(p);
  const run: ArrayRun = { cycles: 0, folds: 0, reads: zero(), writes: zero() };
  for (const c of classes) {
    const r = runTile(tileGemm(p, c.tiles), flow, hw);
    run.cycles += c.count * r.cycles;
    run.folds += c.count * r.folds;
    run.reads[s.A] += c.count * r.A;
    run.reads[s.B] += c.count * r.B;
    run.writes[s.C] += c.count * r.Cw;
    run.reads[s.C] += c.count * r.Cr;
  }
  return run;
}

/** The array dataflow that keeps a space stationary in the array (the named buffer stationarity's twin). */
export function arrayFlowFor(p: Problem, stationary: Space): ArrayDataflow {
  if (stationary === p.written) return 'os';
  return stationary === 'window' ? 'is' : 'ws';
}
