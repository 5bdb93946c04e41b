// The reference mapper: every loop order × every tile size (1..extent per dimension), each mapping's DRAM
// traffic found by running the loop nest tile by tile — the buffer holds the current tile of each operand,
// a read operand's tile is fetched when its tile changes, the written operand's old tile is written back
// and a tile seen before is read back (its partial sums). Receptive fields are enumerated element by
// element. Only for small shapes: it shares no traffic formula with the fast search, so agreement means
// something.
import type { ArrayDataflow, HardwareBudget, LoopDim, Mapping, MatrixOp } from './mapper.ts';
import { loopDims } from './mapper.ts';
import { better, evaluate, stationarySpace } from './evaluate.ts';
import type { Tiles } from './nest.ts';
import { problemOf, relevant, spaces, type Problem, type Space } from './problem.ts';
import { arrayFlowFor } from './spatial.ts';
import { permutations } from './patterns.ts';

/** Window rows used by output rows [first, first + size), by enumerating (output row, tap) pairs. */
function windowRows(p: Problem, axis: 'rows' | 'cols', first: number, size: number): number {
  const d = p.kind === 'conv-backward-data' || p.kind === 'linear-backward-data';
  const a = p[axis];
  const kernel = axis === 'rows' ? p.R : p.S;
  const used = new Set<number>();
  // Forward rows h = o·stride + r − pad; backward-data dY rows p with p·stride − pad + r = h in the tile.
  const { stride, padding } = p;
  if (!d) {
    for (let o = first; o < first + size; o++)
      for (let r = 0; r < kernel; r++) {
        const h = o * stride + r - padding;
        if (h >= 0 && h < a.inputExtent) used.add(h);
      }
  } else {
    for (let y = 0; y < a.inputExtent; y++)
      for (let r = 0; r < kernel; r++) {
        const h = y * stride - padding + r;
        if (h >= first && h < first + size) used.add(y);
      }
  }
  return used.size;
}

function tileExtent(p: Problem, d: LoopDim, index: number, t: Tiles): [number, number] {
  const first = index * t[d];
  return [first, Math.min(t[d], p.extent[d] - first)];
}

function tileBytesAt(p: Problem, s: Space, idx: Record<LoopDim, number>, t: Tiles): number {
  const [, n] = tileExtent(p, 'N', idx.N, t);
  const [, k] = tileExtent(p, 'K', idx.K, t);
  const [, c] = tileExtent(p, 'C', idx.C, t);
  const [p0, pn] = tileExtent(p, 'P', idx.P, t);
  const [q0, qn] = tileExtent(p, 'Q', idx.Q, t);
  const el = s === 'window' ? n * c * windowRows(p, 'rows', p0, pn) * windowRows(p, 'cols', q0, qn) : s === 'filter' ? k * c * p.R * p.S : n * k * pn * qn;
  return el * p.elem[s];
}

export interface Simulated {
  dram: number;
  /** Fetches of each space's tiles versus distinct tiles (equal: the space is stationary). */
  fetches: Record<Space, number>;
  distinct: Record<Space, number>;
  maxTile: Record<Space, number>;
}

/** Runs the loop nest (order outermost first) and counts DRAM bytes. */
export function simulateNest(p: Problem, order: readonly LoopDim[], t: Tiles): Simulated {
  const trips = Object.fromEntries(loopDims.map((d) => [d, Math.ceil(p.extent[d] / t[d])])) as Record<LoopDim, number>;
  const idx = { N: 0, K: 0, C: 0, P: 0, Q: 0 } as Record<LoopDim, number>;
  const current: Partial<Record<Space, string>> = {};
  const seen: Record<Space, Set<string>> = { window: new Set(), filter: new Set(), plane: new Set() };
  const fetches: Record<Space, number> = { window: 0, filter: 0, plane: 0 };
  const maxTile: Record<Space, number> = { window: 0, filter: 0, plane: 0 };
  let dram = 0;
  let writtenIdx: Record<LoopDim, number> | undefined;
  const step = () => {
    for (const s of spaces) {
      const key = relevant[s].map((d) => idx[d]).join(',');
      if (current[s] === key) continue;
      const bytes = tileBytesAt(p, s, idx, t);
      maxTile[s] = Math.max(maxTile[s], bytes);
      fetches[s]++;
      if (s === p.written) {
        if (writtenIdx) dram += tileBytesAt(p, s, writtenIdx, t);
        if (seen[s].has(key)) dram += bytes;
        writtenIdx = { ...idx };
      } else dram += bytes;
      seen[s].add(key);
      current[s] = key;
    }
  };
  const loop = (level: number): void => {
    if (level === order.length) return step();
    const d = order[level];
    for (let i = 0; i < trips[d]; i++) {
      idx[d] = i;
      loop(level + 1);
    }
  };
  loop(0);
  if (writtenIdx) dram += tileBytesAt(p, p.written, writtenIdx, t);
  const distinct = { window: seen.window.size, filter: seen.filter.size, plane: seen.plane.size };
  return { dram, fetches, distinct, maxTile };
}

export interface ExhaustiveResult {
  /** Least DRAM bytes over every order and tile size, by simulation. */
  dramBytes: number;
  mapping: Mapping;
  simulated: number;
}

export function exhaustiveMapping(op: MatrixOp, hw: HardwareBudget): ExhaustiveResult | undefined {
  const p = problemOf(op);
  const stay = stationarySpace(p, hw.dataflow);
  const flow: ArrayDataflow = stay ? arrayFlowFor(p, stay) : 'ws';
  const orders = permutations(loopDims);
  let best: { dram: number; order: LoopDim[]; t: Tiles } | undefined;
  let simulated = 0;
  const ranges = loopDims.map((d) => Array.from({ length: p.extent[d] }, (_, i) => i + 1));
  for (const N of ranges[0])
    for (const K of ranges[1])
      for (const C of ranges[2])
        for (const P of ranges[3])
          for (const Q of ranges[4]) {
            const t: Tiles = { N, K, C, P, Q };
            const live = new Set<string>();
            for (const order of orders) {
              const key = order.filter((d) => p.extent[d] > t[d]).join('');
              if (live.has(key)) continue;
              live.add(key);
              const sim = simulateNest(p, order, t);
              simulated++;
              const cap = hw.weightBufferBytes;
              const fit =
                cap === undefined
                  ? sim.maxTile.window + sim.maxTile.filter + sim.maxTile.plane <= hw.bufferBytes
                  : sim.maxTile.filter <= cap && sim.maxTile.window + sim.maxTile.plane <= hw.bufferBytes;
              if (!fit) break;
              if (stay && sim.fetches[stay] !== sim.distinct[stay]) continue;
              if (!best || sim.dram < best.dram) best = { dram: sim.dram, order, t };
            }
          }
  if (!best) return undefined;
  const candidates: Mapping[] = (stay ? [flow] : (['ws', 'os', 'is'] as ArrayDataflow[])).map((f) => evaluate(op, p, best!.order, best!.t, f, hw));
  const mapping = candidates.reduce((a, m) => (better(m, a) ? m : a));
  return { dramBytes: best.dram, mapping, simulated };
}
