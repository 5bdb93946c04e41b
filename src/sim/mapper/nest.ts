// DRAM traffic of a tiled loop nest, in closed form. The buffer holds one tile of each operand; a tile is
// fetched again whenever a loop that indexes its space advances, so an operand's tiles are fetched
// (Π trips of the loops it ignores that sit outside its innermost indexing loop) times each. Loops with
// one trip are no loops. Halos: every fetch of a windowed tile brings its whole receptive field (no rows
// are kept from the previous tile), so windowed traffic is N·C·Σrows·Σcols over the tile grid.
import type { LoopDim } from './mapper.ts';
import { loopDims } from './mapper.ts';
import { relevant, spaces, windowMax, windowSum, type Problem, type Space } from './problem.ts';

export type Tiles = Record<LoopDim, number>;

export const tripsOf = (p: Problem, t: Tiles): Tiles => Object.fromEntries(loopDims.map((d) => [d, Math.ceil(p.extent[d] / t[d])])) as Tiles;

/** How many times each tile of `space` is fetched under loop `order` (outermost first). */
export function refetchFactor(order: readonly LoopDim[], trips: Tiles, space: Space): number {
  const rel = relevant[space];
  let innermost = -1;
  order.forEach((d, i) => {
    if (trips[d] > 1 && rel.includes(d)) innermost = i;
  });
  let f = 1;
  for (let i = 0; i < innermost; i++) if (!rel.includes(order[i]) && trips[order[i]] > 1) f *= trips[order[i]];
  return f;
}

/** Elements of one full sweep of a space (the windowed space's sweep includes its halos). */
export function sweepElements(p: Problem, t: Tiles, space: Space): number {
  const x = p.extent;
  if (space === 'window') return x.N * x.C * windowSum(p.rows, t.P) * windowSum(p.cols, t.Q);
  if (space === 'filter') return x.K * x.C * p.R * p.S;
  return x.N * x.K * x.P * x.Q;
}

/** Elements of the whole operand (the compulsory traffic): the windowed one counts only rows some output uses. */
export function operandElements(p: Problem, space: Space): number {
  return sweepElements(p, { N: 1, K: 1, C: 1, P: p.extent.P, Q: p.extent.Q }, space);
}

/** Bytes of one tile of a space in the buffer (the windowed tile at its largest). */
export function tileBytes(p: Problem, t: Tiles, space: Space): number {
  const e = p.elem[space];
  if (space === 'window') return t.N * t.C * windowMax(p.rows, t.P) * windowMax(p.cols, t.Q) * e;
  if (space === 'filter') return t.K * t.C * p.R * p.S * e;
  return t.N * t.K * t.P * t.Q * e;
}

export interface SpaceTraffic {
  factor: number;
  dramRead: number;
  dramWrite: number;
}

/** DRAM bytes of every space: read operands factor × sweep; the written one factor writes and factor − 1 re-reads. */
export function nestTraffic(p: Problem, order: readonly LoopDim[], t: Tiles): Record<Space, SpaceTraffic> {
  const trips = tripsOf(p, t);
  const out = {} as Record<Space, SpaceTraffic>;
  for (const s of spaces) {
    const factor = refetchFactor(order, trips, s);
    const bytes = sweepElements(p, t, s) * p.elem[s];
    out[s] = s === p.written ? { factor, dramRead: (factor - 1) * bytes, dramWrite: factor * bytes } : { factor, dramRead: factor * bytes, dramWrite: 0 };
  }
  return out;
}
