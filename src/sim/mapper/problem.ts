// A matrix op as the loop nest the mapper tiles: dimensions N, K, C, P, Q (+ the unsplit kernel R×S) and
// three data spaces. Forward and weight gradient nest over the forward conv (P, Q are Y's rows and columns);
// backward-data nests over dX instead (its own output), so it is a conv from dY (K channels, P×Q) to dX
// (C channels, H×W) and no two tiles ever write the same dX element.
import type { ConvDims, LoopDim, MatrixOp, MatrixOpKind, OperandName } from './mapper.ts';

/** window: indexed by N, C and a window of rows/columns; filter: K, C (and R, S); plane: N, K, P, Q. */
export type Space = 'window' | 'filter' | 'plane';
export const spaces: readonly Space[] = ['window', 'filter', 'plane'];
export const relevant: Record<Space, readonly LoopDim[]> = { window: ['N', 'C', 'P', 'Q'], filter: ['K', 'C'], plane: ['N', 'K', 'P', 'Q'] };

/** Rows (or columns) of the windowed operand that a tile of output rows [first, first + size) uses. */
export type WindowCount = (first: number, size: number) => number;

export interface Axis {
  /** Extent of the loop dimension (output rows of the nest). */
  extent: number;
  /** Extent of the windowed operand along this axis. */
  inputExtent: number;
  count: WindowCount;
}

export interface Problem {
  kind: MatrixOpKind;
  extent: Record<LoopDim, number>;
  R: number;
  S: number;
  stride: number;
  padding: number;
  rows: Axis;
  cols: Axis;
  /** Which space each operand role lives in; the written space is where `output` lives. */
  space: Record<OperandName, Space>;
  written: Space;
  elem: Record<Space, number>;
  /** Useful MACs of the op, and the reduction length per written element of one tile (taps per C or per N·P·Q). */
  macs: number;
  /** Average kernel taps per output element along the reduction (R·S, or R·S·P·Q/(H·W) for backward-data). */
  taps: number;
  labels: Record<LoopDim, string>;
}

/** Forward window: input rows {o·stride + r − padding : o in tile, r < R} inside [0, inputExtent). */
export function forwardWindow(inputExtent: number, stride: number, padding: number, kernel: number): WindowCount {
  return (first, size) => {
    if (kernel >= stride) {
      const lo = Math.max(0, first * stride - padding);
      const hi = Math.min(inputExtent - 1, (first + size - 1) * stride - padding + kernel - 1);
      return Math.max(0, hi - lo + 1);
    }
    let n = 0;
    for (let o = first; o < first + size; o++) {
      const lo = Math.max(0, o * stride - padding);
      const hi = Math.min(inputExtent - 1, o * stride - padding + kernel - 1);
      n += Math.max(0, hi - lo + 1);
    }
    return n;
  };
}

/** Backward-data window: dY rows p (0 ≤ p < inputExtent) with p·stride − padding + r in the dX tile for some r < R. */
export function transposedWindow(inputExtent: number, stride: number, padding: number, kernel: number): WindowCount {
  return (first, size) => {
    const lo = Math.max(0, Math.ceil((first + padding - kernel + 1) / stride));
    const hi = Math.min(inputExtent - 1, Math.floor((first + size - 1 + padding) / stride));
    return Math.max(0, hi - lo + 1);
  };
}

const isBackwardData = (k: MatrixOpKind) => k === 'conv-backward-data' || k === 'linear-backward-data';
const isWeightGradient = (k: MatrixOpKind) => k === 'conv-weight-gradient' || k === 'linear-weight-gradient';

export function problemOf(op: MatrixOp): Problem {
  const d: ConvDims = op.dims;
  const e = op.bytesPerElement;
  const macs = d.N * d.K * d.C * d.P * d.Q * d.R * d.S;
  if (isBackwardData(op.kind)) {
    return {
      kind: op.kind,
      extent: { N: d.N, K: d.C, C: d.K, P: d.H, Q: d.W },
      R: d.R,
      S: d.S,
      stride: d.stride,
      padding: d.padding,
      rows: { extent: d.H, inputExtent: d.P, count: transposedWindow(d.P, d.stride, d.padding, d.R) },
      cols: { extent: d.W, inputExtent: d.Q, count: transposedWindow(d.Q, d.stride, d.padding, d.S) },
      space: { input: 'window', weight: 'filter', output: 'plane' },
      written: 'plane',
      elem: { window: e.input, filter: e.weight, plane: e.output },
      macs,
      taps: (d.R * d.S * d.P * d.Q) / (d.H * d.W),
      labels: { N: 'N', K: 'C', C: 'K', P: 'H', Q: 'W' },
    };
  }
  const wg = isWeightGradient(op.kind);
  return {
    kind: op.kind,
    extent: { N: d.N, K: d.K, C: d.C, P: d.P, Q: d.Q },
    R: d.R,
    S: d.S,
    stride: d.stride,
    padding: d.padding,
    rows: { extent: d.P, inputExtent: d.H, count: forwardWindow(d.H, d.stride, d.padding, d.R) },
    cols: { extent: d.Q, inputExtent: d.W, count: forwardWindow(d.W, d.stride, d.padding, d.S) },
    space: wg ? { input: 'window', weight: 'plane', output: 'filter' } : { input: 'window', weight: 'filter', output: 'plane' },
    written: wg ? 'filter' : 'plane',
    elem: wg ? { window: e.input, filter: e.output, plane: e.weight } : { window: e.input, filter: e.weight, plane: e.output },
    macs,
    taps: d.R * d.S,
    labels: { N: 'N', K: 'K', C: 'C', P: 'P', Q: 'Q' },
  };
}

/** Σ over the tiles of an axis (tile size t) of the window rows each needs: one full sweep's rows. */
export function windowSum(axis: Axis, t: number): number {
  let n = 0;
  for (let first = 0; first < axis.extent; first += t) n += axis.count(first, Math.min(t, axis.extent - first));
  return n;
}

/** The largest window any tile of size t needs (what the buffer must hold). */
export function windowMax(axis: Axis, t: number): number {
  let m = 0;
  for (let first = 0; first < axis.extent; first += t) m = Math.max(m, axis.count(first, Math.min(t, axis.extent - first)));
  return m;
}
