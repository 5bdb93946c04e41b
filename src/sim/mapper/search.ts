// The fast mapper. Exact pruning, no heuristics on DRAM bytes:
// - tile sizes: for each trip count T only the smallest tile giving it, ⌈E/T⌉ (same traffic, smallest
//   footprint), so about 2·√E sizes per dimension;
// - K is not enumerated: traffic never rises with a larger tile, so K takes the largest tile that fits
//   beside the chosen N, C, P, Q tiles (snapped to ⌈K/T⌉);
// - loop orders: of the 120 orders only the distinct refetch patterns (which loops multiply which operand's
//   fetches) for the loops that have more than one trip are tried.
// Among equal DRAM bytes the energy, then the cycles decide (over all three array dataflows under 'search').
import { UserError } from '../../util/errors.ts';
import type { ArrayDataflow, HardwareBudget, LoopDim, Mapping, MatrixOp } from './mapper.ts';
import { loopDims } from './mapper.ts';
import { better, energyOf, evaluate, stationarySpace } from './evaluate.ts';
import { sweepElements, tileBytes, type Tiles } from './nest.ts';
import { relevant, spaces, windowMax, windowSum, type Problem, type Space } from './problem.ts';
import { problemOf } from './problem.ts';
import { arrayFlowFor } from './spatial.ts';

/** ⌈E/T⌉ for T = 1..E, largest first. */
export function tileCandidates(extent: number): number[] {
  const out = new Set<number>();
  for (let T = 1; T <= extent; T++) out.add(Math.ceil(extent / T));
  return [...out].sort((a, b) => b - a);
}

export function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

interface Pattern {
  order: LoopDim[];
  /** Bit set of loop dims multiplying each space's fetches. */
  factor: Record<Space, number>;
}

const bit = (d: LoopDim) => 1 << loopDims.indexOf(d);

/** For each set of loops with > 1 trip (bit mask), the distinct refetch patterns over all loop orders. */
const patternsByMask: Pattern[][] = (() => {
  const all = permutations(loopDims);
  const out: Pattern[][] = [];
  for (let mask = 0; mask < 32; mask++) {
    const seen = new Map<string, Pattern>();
    for (const order of all) {
      const live = order.filter((d) => mask & bit(d));
      const factor = {} as Record<Space, number>;
      for (const s of spaces) {
        const inner = live.reduce((m, d, i) => (relevant[s].includes(d) ? i : m), -1);
        factor[s] = live.slice(0, Math.max(0, inner)).reduce((m, d) => (relevant[s].includes(d) ? m : m | bit(d)), 0);
      }
      const key = `${factor.window},${factor.filter},${factor.plane}`;
      if (!seen.has(key)) seen.set(key, { order, factor });
    }
    out.push([...seen.values()]);
  }
  return out;
})();

export function searchMapping(op: MatrixOp, hw: HardwareBudget): Mapping {
  const p = problemOf(op);
  const x = p.extent;
  const stay = stationarySpace(p, hw.dataflow);
  const flows: ArrayDataflow[] = stay ? [arrayFlowFor(p, stay)] : ['ws', 'os', 'is'];
  const cand = Object.fromEntries(loopDims.map((d) => [d, tileCandidates(x[d])])) as Record<LoopDim, number[]>;
  const rowsSum = new Map(cand.P.map((t) => [t, windowSum(p.rows, t)]));
  const colsSum = new Map(cand.Q.map((t) => [t, windowSum(p.cols, t)]));
  const rowsMax = new Map(cand.P.map((t) => [t, windowMax(p.rows, t)]));
  const colsMax = new Map(cand.Q.map((t) => [t, windowMax(p.cols, t)]));
  const e = p.elem;
  const full = { filter: sweepElements(p, { N: 1, K: 1, C: 1, P: 1, Q: 1 }, 'filter') * e.filter, plane: x.N * x.K * x.P * x.Q * e.plane };
  let best: Mapping | undefined;
  let bestDram = Infinity;
  for (const n of cand.N)
    for (const c of cand.C)
      for (const pt of cand.P)
        for (const q of cand.Q) {
          const window = n * c * rowsMax.get(pt)! * colsMax.get(q)! * e.window;
          const perKFilter = c * p.R * p.S * e.filter;
          const perKPlane = n * pt * q * e.plane;
          const kmax =
            hw.weightBufferBytes === undefined
              ? Math.floor((hw.bufferBytes - window) / (perKFilter + perKPlane))
              : Math.min(Math.floor(hw.weightBufferBytes / perKFilter), Math.floor((hw.bufferBytes - window) / perKPlane));
          if (kmax < 1) continue;
          const k = Math.ceil(x.K / Math.ceil(x.K / Math.min(kmax, x.K)));
          const t: Tiles = { N: n, K: k, C: c, P: pt, Q: q };
          const trips = Object.fromEntries(loopDims.map((d) => [d, Math.ceil(x[d] / t[d])])) as Tiles;
          const mask = loopDims.reduce((m, d) => (trips[d] > 1 ? m | bit(d) : m), 0);
          const sweep: Record<Space, number> = { window: x.N * x.C * rowsSum.get(pt)! * colsSum.get(q)! * e.window, ...full };
          let pick: Pattern | undefined;
          let pickDram = Infinity;
          let pickEnergy = Infinity;
          for (const pat of patternsByMask[mask]) {
            const f = (s: Space) => loopDims.reduce((m, d) => (pat.factor[s] & bit(d) ? m * trips[d] : m), 1);
            if (stay && f(stay) !== 1) continue;
            let read = 0;
            let write = 0;
            for (const s of spaces) {
              if (s === p.written) {
                write += f(s) * sweep[s];
                read += (f(s) - 1) * sweep[s];
              } else read += f(s) * sweep[s];
            }
            const dram = read + write;
            const energy = energyOf(hw, write, read, dram);
            if (dram < pickDram || (dram === pickDram && energy < pickEnergy)) [pick, pickDram, pickEnergy] = [pat, dram, energy];
          }
          if (!pick || pickDram > bestDram) continue;
          for (const flow of flows) {
            const m = evaluate(op, p, pick.order, t, flow, hw);
            if (better(m, best)) [best, bestDram] = [m, m.dramBytes];
          }
        }
  if (!best) {
    const one: Tiles = { N: 1, K: 1, C: 1, P: 1, Q: 1 };
    const need = spaces.reduce((a, s) => a + tileBytes(p, one, s), 0);
    throw new UserError(
      `mapper: ${op.kind} ${JSON.stringify(op.dims)}: no tile fits the buffer (${hw.bufferBytes} B${hw.weightBufferBytes === undefined ? '' : `, weight buffer ${hw.weightBufferBytes} B`}); the smallest needs ${need} B`,
    );
  }
  return best;
}
