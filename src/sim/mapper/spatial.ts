// The PE array running one buffer tile, as the GEMM C[M×Nn] += A[M×Kr]·B[Kr×Nn] (A the windowed input in
// im2col form, C the written operand). Timing follows SCALE-Sim: a dataflow puts two GEMM dimensions on the
// rows and columns and streams the third; every fold (one rows × columns block of the spatial dimensions)
// takes 2·rows + columns + ⌈T / macsPerPe⌉ − 2 cycles (load the stationary block, skew in, stream T, drain),
// whatever part of the array it uses, so partial folds and small tiles lower utilisation.
import type { ArrayDataflow, HardwareBudget } from './mapper.ts';
import { loopDims } from './mapper.ts';
import type { Tiles } from './nest.ts';
import type { Problem, Space } from './problem.ts';

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

/** A dimension's tiles: [size, how many] for the full tiles and the remainder. */
export function tileClasses(extent: number, t: number): [number, number][] {
  const full = Math.floor(extent / t);
  const rest = extent - full * t;
  return [...(full > 0 ? [[t, full] as [number, number]] : []), ...(rest > 0 ? [[rest, 1] as [number, number]] : [])];
}

export const arrayDataflows: readonly ArrayDataflow[] = ['ws', 'os', 'is'];

/**
 * Every buffer tile of the nest on the array under each of the three array dataflows at once, summed into
 * out[6·f .. 6·f+5] = [cycles, folds, A reads, B reads, C writes, C reads] (elements) for dataflow f of
 * `arrayDataflows`. Tiles come in ≤ 2^5 shapes (full or remainder per dimension), given as `classes` per
 * loop dimension; no allocation, so the search can rank thousands of tilings.
 */
export function arrayTotals(p: Problem, classes: readonly (readonly [number, number][])[], hw: HardwareBudget, out: Float64Array): void {
  out.fill(0);
  const { rows, columns } = hw.array;
  const m = hw.macsPerPePerCycle;
  const wg = p.written === 'filter';
  const [cn, ck, cc, cp, cq] = classes;
  for (const [n, nn] of cn)
    for (const [k, nk] of ck)
      for (const [c, nc] of cc)
        for (const [pp, np] of cp)
          for (const [q, nq] of cq) {
            const count = nn * nk * nc * np * nq;
            const M = wg ? c * p.R * p.S : n * pp * q;
            const Nn = k;
            const Kr = wg ? n * pp * q : Math.ceil(c * p.taps);
            const a = M * Kr;
            const b = Kr * Nn;
            const cElems = M * Nn;
            const red = Math.ceil(Kr / rows);
            const colFoldsN = Math.ceil(Nn / columns);
            const skew = 2 * rows + columns - 2;
            // ws: Kr on rows, Nn on columns, M streamed.
            const wsFolds = red * colFoldsN;
            out[0] += count * wsFolds * (skew + Math.ceil(M / m));
            out[1] += count * wsFolds;
            out[2] += count * a * colFoldsN;
            out[3] += count * b;
            out[4] += count * cElems * red;
            out[5] += count * cElems * (red - 1);
            // os: M on rows, Nn on columns, Kr streamed.
            const rowFoldsM = Math.ceil(M / rows);
            const osFolds = rowFoldsM * colFoldsN;
            out[6] += count * osFolds * (skew + Math.ceil(Kr / m));
            out[7] += count * osFolds;
            out[8] += count * a * colFoldsN;
            out[9] += count * b * rowFoldsM;
            out[10] += count * cElems;
            // is: Kr on rows, M on columns, Nn streamed.
            const colFoldsM = Math.ceil(M / columns);
            const isFolds = red * colFoldsM;
            out[12] += count * isFolds * (skew + Math.ceil(Nn / m));
            out[13] += count * isFolds;
            out[14] += count * a;
            out[15] += count * b * colFoldsM;
            out[16] += count * cElems * red;
            out[17] += count * cElems * (red - 1);
          }
}

/** Every buffer tile of the nest on the array, per data space. */
export function runNest(p: Problem, t: Tiles, flow: ArrayDataflow, hw: HardwareBudget): ArrayRun {
  const out = new Float64Array(18);
  arrayTotals(
    p,
    loopDims.map((d) => tileClasses(p.extent[d], t[d])),
    hw,
    out,
  );
  const o = 6 * arrayDataflows.indexOf(flow);
  const s = gemmSpace(p);
  const run: ArrayRun = { cycles: out[o], folds: out[o + 1], reads: zero(), writes: zero() };
  run.reads[s.A] += out[o + 2];
  run.reads[s.B] += out[o + 3];
  run.writes[s.C] += out[o + 4];
  run.reads[s.C] += out[o + 5];
  return run;
}

/** The array dataflow that keeps a space stationary in the array (the named buffer stationarity's twin). */
export function arrayFlowFor(p: Problem, stationary: Space): ArrayDataflow {
  if (stationary === p.written) return 'os';
  return stationary === 'window' ? 'is' : 'ws';
}
