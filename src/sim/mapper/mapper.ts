// The mapper's contract: one matrix op (a conv's forward, backward-data or weight-gradient pass, a linear
// layer's three passes, a DFA projection) mapped onto a buffer + PE array. A mapping is a Timeloop-style
// two-level loop nest: DRAM-level tile loops over the op's own dimensions (N, K, C, P, Q; the kernel R×S is
// never split) in a chosen order, one tile of every operand held in the buffer, and each tile run on the PE
// array by a spatial mapping (which GEMM dimensions go to rows and columns). docs/mapper.md states every
// assumption and works one example by hand.
import type { DataflowName } from '../../arch/vocabulary.ts';
import type { TensorRef } from '../../trace/schema.ts';

export const matrixOpKinds = [
  'conv-forward',
  'conv-backward-data',
  'conv-weight-gradient',
  'linear-forward',
  'linear-backward-data',
  'linear-weight-gradient',
  'dfa-projection',
] as const;
export type MatrixOpKind = (typeof matrixOpKinds)[number];

/**
 * The three operands of a matrix op, named by their role in that op:
 *
 * | kind                          | input                  | weight                | output (written) |
 * |-------------------------------|------------------------|-----------------------|------------------|
 * | conv/linear-forward           | X                      | W                     | Y                |
 * | conv/linear-backward-data     | dY (error at Y)        | W (or feedback B)     | dX               |
 * | conv/linear-weight-gradient   | X (or shared act.)     | dY (error at Y)       | dW               |
 * | dfa-projection                | e (output error, N×classes) | B (classes×K)    | B·e (N×K)        |
 *
 * `input` is always the operand read through a sliding window (its tiles need halos); `output` is always the
 * one the op accumulates and writes. The weight-shaped tensor (K×C×R×S) is `weight`, except in the weight
 * gradient where it is the output dW; a separate weight buffer and `weight-stationary` both mean that
 * weight-shaped tensor.
 */
export const operandNames = ['input', 'weight', 'output'] as const;
export type OperandName = (typeof operandNames)[number];

/**
 * The forward conv's own dimensions, as the trace gives them for all three passes: X is N×C×H×W, W is
 * K×C×R×S, Y is N×K×P×Q, P = floor((H + 2·padding − R) / stride) + 1. A linear layer is N×C → N×K with
 * H = W = P = Q = R = S = stride = 1 and padding 0; a DFA projection is N×C(classes) → N×K.
 */
export interface ConvDims {
  N: number;
  K: number;
  C: number;
  H: number;
  W: number;
  P: number;
  Q: number;
  R: number;
  S: number;
  stride: number;
  padding: number;
}

export interface MatrixOp {
  kind: MatrixOpKind;
  dims: ConvDims;
  /** Bytes per element of each operand; partial sums are kept in the output's element type. */
  bytesPerElement: Record<OperandName, number>;
  /** The trace tensors playing each role (absent for synthetic ops built by hand). */
  tensors?: Partial<Record<OperandName, TensorRef>>;
}

export type DataflowConstraint = 'search' | DataflowName;

export interface HardwareBudget {
  /** Global buffer capacity in bytes: one tile of every operand (of all but the weight-shaped one when a weight buffer exists). */
  bufferBytes: number;
  /** Optional separate buffer for the weight-shaped operand (W, B, or dW in the weight gradient). */
  weightBufferBytes?: number;
  array: { rows: number; columns: number };
  macsPerPePerCycle: number;
  clockHz: number;
  /**
   * 'search': free choice of loop order and spatial mapping. A named stationarity fixes which operand stays:
   * its every element is fetched from DRAM exactly once and the array holds it (weight-stationary: the
   * weight-shaped operand; output-stationary: the written operand; input-stationary: the windowed input).
   */
  dataflow: DataflowConstraint;
  /** Joules per byte, for the energy tie-break (DRAM bytes first, then energy, then cycles); 1 each when absent. */
  energy?: { bufferReadPerByte: number; bufferWritePerByte: number; dramPerByte: number };
}

/** Tile loop dimensions of the op's own nest (in bwd-data: N, C, K, H, W; see `Mapping.dimLabels`). */
export const loopDims = ['N', 'K', 'C', 'P', 'Q'] as const;
export type LoopDim = (typeof loopDims)[number];

/** How the PE array runs one buffer tile, as a GEMM C[M×Nn] += A[M×Kr]·B[Kr×Nn] (SCALE-Sim's three dataflows). */
export type ArrayDataflow = 'ws' | 'os' | 'is';

export interface OperandTraffic {
  /** Trace tensor id, when the op came from a trace. */
  tensor?: string;
  /** Size of the whole operand in bytes (the compulsory traffic of a read operand). */
  bytes: number;
  dramRead: number;
  /** Written operand: final write plus one write per partial-sum spill; 0 for read operands. */
  dramWrite: number;
  /** Times each element is fetched from DRAM (halo re-reads excluded); for the output, the reduction passes. */
  passes: number;
  /** Bytes of one tile of this operand in the buffer (the windowed input's tile at its largest). */
  tileBytes: number;
  /** Buffer accesses in bytes: fills from DRAM and array writes; array reads and drains to DRAM. */
  bufferRead: number;
  bufferWrite: number;
}

export interface Mapping {
  kind: MatrixOpKind;
  /** DRAM-level tile loops, outermost first (loop-nest dimension names; trip-1 loops included). */
  loopOrder: LoopDim[];
  tiles: Record<LoopDim, number>;
  /** What each loop dimension is called in this op (bwd-data nests over dX: K↔C swapped, P,Q are H,W). */
  dimLabels: Record<LoopDim, string>;
  arrayDataflow: ArrayDataflow;
  /** One readable line for ops.csv, e.g. "order K>N>C>P>Q tiles N128 K64 C32 P8 Q32 R3 S3 array ws 32x32". */
  text: string;
  operands: Record<OperandName, OperandTraffic>;
  macs: number;
  /** Array cycles: Σ over buffer tiles of folds × (2·rows + columns + ⌈T / macsPerPe⌉ − 2). */
  cycles: number;
  seconds: number;
  /** macs / (cycles × rows × columns × macsPerPe) ≤ 1. */
  utilisation: number;
  dramBytes: number;
  /** Σ buffer reads/writes and DRAM bytes weighted by `HardwareBudget.energy` (joules, or weighted bytes). */
  energy: number;
}
