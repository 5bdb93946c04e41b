// The op table: every op name of the trace, what kind of work it is, what its reads and writes are, and
// (for matrix ops) how it is seen as a GEMM C[M×N] = A[M×K]·B[K×N]. The lowering, the replay and the trace
// reader read this table; the engine's kernels are a Record over the same names, so adding an op without
// its row here (or without its kernel) does not compile.
import type { LoopDims, OpName } from './schema.ts';

export type OpKind = 'matrix' | 'normalisation' | 'elementwise' | 'match' | 'update';

/** A matrix op's GEMM: sizes from the loop dimensions, and which read/write plays A, B and C. */
export interface GemmLowering {
  M(d: LoopDims): number;
  N(d: LoopDims): number;
  K(d: LoopDims): number;
  A: { read: number };
  B: { read: number };
  C: { write: number };
  /** Which operand is weight-shaped: B (forward, backward-data) or C (weight gradient). */
  weight: 'B' | 'C';
}

export interface OpSpec {
  kind: OpKind;
  /** Names of the reads and writes, in the order events list them (optional ones marked '?'; the program checks the counts). */
  reads: readonly string[];
  writes: readonly string[];
  gemm?: GemmLowering;
  /** Full passes the op makes over each of its first `passes.reads` reads (batch norm: statistics, then apply). */
  passes?: { reads: number; count: number };
  /** Reads the op can start on only once their producer has finished (batch norm forward normalises with
   *  statistics of the whole batch): never forwarded tile by tile. */
  needsWholeInput?: readonly number[];
}

const n = (d: LoopDims) => d.N ?? 1;
const pq = (d: LoopDims) => (d.P ?? 1) * (d.Q ?? 1);
const hw = (d: LoopDims) => (d.H ?? 1) * (d.W ?? 1);
const rs = (d: LoopDims) => (d.R ?? 1) * (d.S ?? 1);
const c = (d: LoopDims) => d.C ?? 1;
const k = (d: LoopDims) => d.K ?? 1;

const forwardGemm = (M: (d: LoopDims) => number, K: (d: LoopDims) => number): GemmLowering => ({
  M,
  N: k,
  K,
  A: { read: 0 },
  B: { read: 1 },
  C: { write: 0 },
  weight: 'B',
});

export const opTable: Record<OpName, OpSpec> = {
  conv2d: {
    kind: 'matrix',
    reads: ['x', 'weight', 'bias?'],
    writes: ['y'],
    gemm: forwardGemm(
      (d) => n(d) * pq(d),
      (d) => c(d) * rs(d),
    ),
  },
  'conv2d.backward_data': {
    kind: 'matrix',
    reads: ['dy', 'weight'],
    writes: ['dx'],
    gemm: { M: (d) => n(d) * hw(d), N: c, K: (d) => k(d) * rs(d), A: { read: 0 }, B: { read: 1 }, C: { write: 0 }, weight: 'B' },
  },
  'conv2d.backward_weight': {
    kind: 'matrix',
    reads: ['dy', 'x'],
    writes: ['dweight', 'dbias?'],
    gemm: { M: (d) => c(d) * rs(d), N: k, K: (d) => n(d) * pq(d), A: { read: 1 }, B: { read: 0 }, C: { write: 0 }, weight: 'C' },
  },
  linear: { kind: 'matrix', reads: ['x', 'weight', 'bias?'], writes: ['y'], gemm: forwardGemm(n, c) },
  'linear.backward_data': {
    kind: 'matrix',
    reads: ['dy', 'weight'],
    writes: ['dx'],
    gemm: { M: n, N: c, K: k, A: { read: 0 }, B: { read: 1 }, C: { write: 0 }, weight: 'B' },
  },
  'linear.backward_weight': {
    kind: 'matrix',
    reads: ['dy', 'x'],
    writes: ['dweight', 'dbias?'],
    gemm: { M: c, N: k, K: n, A: { read: 1 }, B: { read: 0 }, C: { write: 0 }, weight: 'C' },
  },
  'dfa.project': { kind: 'matrix', reads: ['e', 'feedback'], writes: ['projected'], gemm: forwardGemm(n, c) },
  batchnorm: {
    kind: 'normalisation',
    reads: ['x', 'gamma', 'beta', 'stats?'],
    writes: ['y', 'batch_stats?', 'running_stats?'],
    passes: { reads: 1, count: 2 },
    needsWholeInput: [0],
  },
  'batchnorm.backward': {
    kind: 'normalisation',
    reads: ['dy', 'x', 'gamma', 'beta?', 'batch_stats'],
    writes: ['dx?', 'dgamma', 'dbeta'],
    passes: { reads: 2, count: 2 },
  },
  relu: { kind: 'elementwise', reads: ['x'], writes: ['y', 'mask?'] },
  'relu.backward': { kind: 'elementwise', reads: ['dy', 'saved'], writes: ['dx'] },
  maxpool: { kind: 'elementwise', reads: ['x'], writes: ['y', 'index?'] },
  'maxpool.backward': { kind: 'elementwise', reads: ['dy', 'saved?', 'index'], writes: ['dx'] },
  avgpool: { kind: 'elementwise', reads: ['x'], writes: ['y'] },
  'avgpool.backward': { kind: 'elementwise', reads: ['dy'], writes: ['dx'] },
  add: { kind: 'elementwise', reads: ['a', 'b'], writes: ['sum'] },
  'grad.accumulate': { kind: 'elementwise', reads: ['a', 'b'], writes: ['sum'] },
  loss: { kind: 'elementwise', reads: ['logits', 'label'], writes: ['loss', 'probabilities'] },
  'loss.backward': { kind: 'elementwise', reads: ['probabilities', 'label'], writes: ['dlogits'] },
  'share.match': { kind: 'match', reads: ['shared'], writes: ['matched'] },
  'sgd.update': { kind: 'update', reads: ['param', 'gradient', 'momentum', 'tied?'], writes: ['param', 'momentum', 'tied?'] },
};

export const isMatrixOp = (op: OpName) => opTable[op].kind === 'matrix';

export const opNames = Object.keys(opTable) as OpName[];

/** What is wrong with an op's operand counts against its row ('?' names are optional), or undefined. */
export function operandProblem(op: OpName, reads: number, writes: number): string | undefined {
  const spec = opTable[op];
  const fits = (names: readonly string[], n: number) => n >= names.filter((x) => !x.endsWith('?')).length && n <= names.length;
  if (!fits(spec.reads, reads) || !fits(spec.writes, writes))
    return `${op} takes reads [${spec.reads.join(', ')}] and writes [${spec.writes.join(', ')}] ('?': optional), got ${reads} reads and ${writes} writes`;
  return undefined;
}

/** Throws when the program emits an op with operand counts its row does not allow. */
export function checkOperands(op: OpName, reads: number, writes: number): void {
  const problem = operandProblem(op, reads, writes);
  if (problem) throw new Error(`op table: ${problem}`);
}
