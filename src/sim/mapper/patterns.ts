// The loop orders and tile sizes worth trying. Tile sizes: for each trip count T only the smallest tile
// giving it, ⌈E/T⌉. Loop orders: an operand's fetch count depends only on which loops it ignores sit outside
// its innermost indexing loop, so the 120 orders of N, K, C, P, Q collapse, for each set of loops with more
// than one trip, into a few refetch patterns; dominated ones (a superset of another's factors) are dropped.
import type { LoopDim } from './mapper.ts';
import { loopDims } from './mapper.ts';
import { relevant, spaces } from './problem.ts';

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

export interface Pattern {
  order: LoopDim[];
  /** Bit set of loop dims multiplying each space's fetches, indexed like `spaces`. */
  factor: [number, number, number];
}

const bit = (d: LoopDim) => 1 << loopDims.indexOf(d);

/** For each set of loops with > 1 trip (bit mask), the refetch patterns over all loop orders that no other dominates. */
export const patternsByMask: Pattern[][] = (() => {
  const all = permutations(loopDims);
  const out: Pattern[][] = [];
  for (let mask = 0; mask < 32; mask++) {
    const seen = new Map<string, Pattern>();
    for (const order of all) {
      const live = order.filter((d) => mask & bit(d));
      const factor: [number, number, number] = [0, 0, 0];
      for (const [si, s] of spaces.entries()) {
        const inner = live.reduce((m, d, i) => (relevant[s].includes(d) ? i : m), -1);
        factor[si] = live.slice(0, Math.max(0, inner)).reduce((m, d) => (relevant[s].includes(d) ? m : m | bit(d)), 0);
      }
      const key = factor.join(',');
      if (!seen.has(key)) seen.set(key, { order, factor });
    }
    // Every loop in a mask has > 1 trip, so a pattern whose factors are subsets of another's moves strictly fewer bytes.
    const subset = (a: number, b: number) => (a & b) === a;
    const ps = [...seen.values()];
    const dominated = (q: Pattern) => ps.some((o) => o !== q && o.factor.every((f, i) => subset(f, q.factor[i])));
    out.push(ps.filter((q) => !dominated(q)));
  }
  return out;
})();
