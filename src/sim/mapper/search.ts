// The fast mapper. Exact pruning, no heuristics on DRAM bytes:
// - tile sizes: for each trip count T only the smallest tile giving it, ⌈E/T⌉ (same traffic, smallest
//   footprint), so about 2·√E sizes per dimension;
// - K is not enumerated: traffic never rises with a larger tile, so K takes the largest tile that fits
//   beside the chosen N, C, P, Q tiles (snapped to ⌈K/T⌉);
// - loop orders: only the distinct, non-dominated refetch patterns of patterns.ts (which loops multiply which operand's
//   fetches) for the loops that have more than one trip are tried.
// Among equal DRAM bytes the energy, then the cycles decide (over all three array dataflows under 'search').
import { UserError } from '../../util/errors.ts';
import type { ArrayDataflow, HardwareBudget, LoopDim, Mapping, MatrixOp } from './mapper.ts';
import { loopDims } from './mapper.ts';
import { evaluate, stationarySpace } from './evaluate.ts';
import { operandElements, sweepElements, tileBytes, type Tiles } from './nest.ts';
import { relevant, spaces, windowMax, windowSum } from './problem.ts';
import { patternsByMask, tileCandidates } from './patterns.ts';
import { problemOf } from './problem.ts';
import { arrayDataflows, arrayFlowFor, arrayTotals, gemmSpace, tileClasses } from './spatial.ts';

const f64 = (xs: readonly number[]) => Float64Array.from(xs);

interface Scan {
  extent: Float64Array;
  up: Float64Array[];
  rowsSum: Float64Array;
  colsSum: Float64Array;
  rowsMax: Float64Array;
  colsMax: Float64Array;
  k: Float64Array;
  stayIndex: number;
  writtenIndex: number;
}

interface Tie {
  t: Tiles;
  order: LoopDim[];
  read: number;
  write: number;
}

/** The tilings (with their best loop order) that move the fewest DRAM bytes. */
function scanTilings(s: Scan): Tie[] {
  const [xN, xK, xC, xP, xQ] = s.extent;
  const [upN, , upC, upP, upQ] = s.up;
  const [eW, eF, eP, filterSweep, planeSweep, RS, buffer, weightBuffer, eRead, eWrite] = s.k;
  const ties: Tie[] = [];
  const trips = new Float64Array(5);
  const sweep = Float64Array.of(0, filterSweep, planeSweep);
  let bestDram = Infinity;
  const kFits = (window: number, perKFilter: number, perKPlane: number) =>
    weightBuffer < 0
      ? Math.floor((buffer - window) / (perKFilter + perKPlane))
      : Math.min(Math.floor(weightBuffer / perKFilter), Math.floor((buffer - window) / perKPlane));
  // Large spatial tiles first (least halo), so the bound below soon skips tilings whose halos alone cost
  // more than the best found: every operand moves at least once, the input with its halos.
  for (let pi = upP.length - 1; pi >= 0; pi--)
    for (let qi = upQ.length - 1; qi >= 0; qi--) {
      const windowSweep = xN * xC * s.rowsSum[pi] * s.colsSum[qi] * eW;
      if (windowSweep + filterSweep + planeSweep > bestDram) continue;
      const pt = upP[pi];
      const q = upQ[qi];
      const windowPerNC = s.rowsMax[pi] * s.colsMax[qi] * eW;
      sweep[0] = windowSweep;
      for (let ni = 0; ni < upN.length; ni++) {
        const n = upN[ni];
        const perKPlane = n * pt * q * eP;
        if (kFits(n * windowPerNC, RS * eF, perKPlane) < 1) break;
        for (let ci = 0; ci < upC.length; ci++) {
          const c = upC[ci];
          const kmax = kFits(n * c * windowPerNC, c * RS * eF, perKPlane);
          if (kmax < 1) break;
          const k = Math.ceil(xK / Math.ceil(xK / Math.min(kmax, xK)));
          trips[0] = Math.ceil(xN / n);
          trips[1] = Math.ceil(xK / k);
          trips[2] = Math.ceil(xC / c);
          trips[3] = Math.ceil(xP / pt);
          trips[4] = Math.ceil(xQ / q);
          let mask = 0;
          for (let i = 0; i < 5; i++) if (trips[i] > 1) mask |= 1 << i;
          const pats = patternsByMask[mask];
          let pick = -1;
          let pickDram = Infinity;
          let pickEnergy = Infinity;
          let pickRead = 0;
          let pickWrite = 0;
          for (let pj = 0; pj < pats.length; pj++) {
            const factor = pats[pj].factor;
            let read = 0;
            let write = 0;
            let ok = true;
            for (let si = 0; si < 3; si++) {
              const fm = factor[si];
              let f = 1;
              for (let i = 0; i < 5; i++) if (fm & (1 << i)) f *= trips[i];
              if (si === s.stayIndex && f !== 1) ok = false;
              if (si === s.writtenIndex) {
                write += f * sweep[si];
                read += (f - 1) * sweep[si];
              } else read += f * sweep[si];
            }
            if (!ok) continue;
            const dram = read + write;
            if (dram > pickDram) continue;
            const energy = write * eRead + read * eWrite;
            if (dram < pickDram || energy < pickEnergy) {
              pick = pj;
              pickDram = dram;
              pickEnergy = energy;
              pickRead = read;
              pickWrite = write;
            }
          }
          if (pick < 0 || pickDram > bestDram) continue;
          if (pickDram < bestDram) {
            bestDram = pickDram;
            ties.length = 0;
          }
          ties.push({ t: { N: n, K: k, C: c, P: pt, Q: q }, order: pats[pick].order, read: pickRead, write: pickWrite });
        }
      }
    }
  return ties;
}

export function searchMapping(op: MatrixOp, hw: HardwareBudget): Mapping {
  const p = problemOf(op);
  const x = p.extent;
  const stay = stationarySpace(p, hw.dataflow);
  const flows: readonly ArrayDataflow[] = stay ? [arrayFlowFor(p, stay)] : arrayDataflows;
  // Ascending, so that a tile that does not fit ends its loop (footprints grow with every tile size).
  const up = Object.fromEntries(loopDims.map((d) => [d, f64(tileCandidates(x[d]).reverse())])) as Record<LoopDim, Float64Array>;
  const e = p.elem;
  const full = { filter: sweepElements(p, { N: 1, K: 1, C: 1, P: 1, Q: 1 }, 'filter') * e.filter, plane: x.N * x.K * x.P * x.Q * e.plane };
  const en = hw.energy ?? { bufferReadPerByte: 1, bufferWritePerByte: 1, dramPerByte: 1 };
  // Everything the scan touches is a float in a typed array: the JIT's first compile of the hot loop holds.
  const scan: Scan = {
    extent: f64(loopDims.map((d) => x[d])),
    up: loopDims.map((d) => up[d]),
    rowsSum: up.P.map((t) => windowSum(p.rows, t)),
    colsSum: up.Q.map((t) => windowSum(p.cols, t)),
    rowsMax: up.P.map((t) => windowMax(p.rows, t)),
    colsMax: up.Q.map((t) => windowMax(p.cols, t)),
    // window, filter, plane element bytes; filter and plane sweeps; R·S; buffer, weight buffer (−1: none); energies
    k: f64([
      e.window,
      e.filter,
      e.plane,
      full.filter,
      full.plane,
      p.R * p.S,
      hw.bufferBytes,
      hw.weightBufferBytes ?? -1,
      en.bufferReadPerByte,
      en.bufferWritePerByte,
    ]),
    stayIndex: stay ? spaces.indexOf(stay) : -1,
    writtenIndex: spaces.indexOf(p.written),
  };
  const ties = scanTilings(scan);
  // Among the tilings with the least DRAM bytes: least energy, then fewest cycles (ranked without building
  // a Mapping; only the winner is built).
  const g = gemmSpace(p);
  const elemA = e[g.A];
  const elemB = e[g.B];
  const elemC = e[g.C];
  const written = operandElements(p, p.written) * e[p.written];
  const totals = new Float64Array(18);
  const flowIndex = flows.map((f) => arrayDataflows.indexOf(f));
  const reductionDims = loopDims.filter((d) => !relevant[p.written].includes(d));
  let win: { t: Tiles; order: LoopDim[]; flow: ArrayDataflow } | undefined;
  let winEnergy = Infinity;
  let winCycles = Infinity;
  for (const { t, order, read, write } of ties) {
    const classes = loopDims.map((d) => tileClasses(x[d], t[d]));
    const reductionTrips = reductionDims.reduce((a, d) => a * Math.ceil(x[d] / t[d]), 1);
    arrayTotals(p, classes, hw, totals);
    for (const f of flowIndex) {
      const o = 6 * f;
      const bufferRead = totals[o + 2] * elemA + totals[o + 3] * elemB + totals[o + 5] * elemC + (reductionTrips - 1) * written + write;
      const bufferWrite = totals[o + 4] * elemC + read;
      const energy = bufferRead * en.bufferReadPerByte + bufferWrite * en.bufferWritePerByte;
      if (energy < winEnergy || (energy === winEnergy && totals[o] < winCycles)) {
        win = { t, order, flow: arrayDataflows[f] };
        winEnergy = energy;
        winCycles = totals[o];
      }
    }
  }
  const best: Mapping | undefined = win && evaluate(op, p, win.order, win.t, win.flow, hw);
  if (!best) {
    const one: Tiles = { N: 1, K: 1, C: 1, P: 1, Q: 1 };
    const need = spaces.reduce((a, s) => a + tileBytes(p, one, s), 0);
    throw new UserError(
      `mapper: ${op.kind} ${JSON.stringify(op.dims)}: no tile fits the buffer (${hw.bufferBytes} B${hw.weightBufferBytes === undefined ? '' : `, weight buffer ${hw.weightBufferBytes} B`}); the smallest needs ${need} B`,
    );
  }
  return best;
}
