// Each matrix op of the trace as a GEMM C[M×N] = A[M×K]·B[K×N], with the tensors playing A, B and C.
// Convolutions are implicit GEMMs (im2col is never materialised: A's traffic is its tensor's bytes).
import type { Gemm } from '../dataflow/dataflow.ts';
import type { TensorRef, TraceEvent } from '../../trace/schema.ts';
import { elementTypes } from '../../trace/schema.ts';

export interface GemmOp {
  gemm: Gemm;
  A: TensorRef;
  B: TensorRef;
  C: TensorRef;
  /** Other operands (bias, bias gradient), streamed once. */
  rest: { tensor: TensorRef; write: boolean }[];
}

const bytesOf = (t: TensorRef) => elementTypes[t.dtype] / 8;

export function asGemm(e: TraceEvent): GemmOp | undefined {
  const d = e.dims;
  const N = d.N ?? 1;
  const PQ = (d.P ?? 1) * (d.Q ?? 1);
  const HW = (d.H ?? 1) * (d.W ?? 1);
  const RS = (d.R ?? 1) * (d.S ?? 1);
  const C = d.C ?? 1;
  const K = d.K ?? 1;
  let shape: { M: number; N: number; K: number; A: TensorRef; B: TensorRef; C: TensorRef; weight: 'B' | 'C' };
  switch (e.op) {
    case 'conv2d':
      shape = { M: N * PQ, N: K, K: C * RS, A: e.reads[0], B: e.reads[1], C: e.writes[0], weight: 'B' };
      break;
    case 'conv2d.backward_data':
      shape = { M: N * HW, N: C, K: K * RS, A: e.reads[0], B: e.reads[1], C: e.writes[0], weight: 'B' };
      break;
    case 'conv2d.backward_weight':
      shape = { M: C * RS, N: K, K: N * PQ, A: e.reads[1], B: e.reads[0], C: e.writes[0], weight: 'C' };
      break;
    case 'linear':
      shape = { M: N, N: K, K: C, A: e.reads[0], B: e.reads[1], C: e.writes[0], weight: 'B' };
      break;
    case 'linear.backward_data':
      shape = { M: N, N: C, K, A: e.reads[0], B: e.reads[1], C: e.writes[0], weight: 'B' };
      break;
    case 'linear.backward_weight':
      shape = { M: C, N: K, K: N, A: e.reads[1], B: e.reads[0], C: e.writes[0], weight: 'C' };
      break;
    case 'dfa.project':
      shape = { M: N, N: K, K: C, A: e.reads[0], B: e.reads[1], C: e.writes[0], weight: 'B' };
      break;
    default:
      return undefined;
  }
  const used = new Set([shape.A.id, shape.B.id, shape.C.id]);
  const rest = [
    ...e.reads.filter((t) => !used.has(t.id)).map((tensor) => ({ tensor, write: false })),
    ...e.writes.filter((t) => !used.has(t.id)).map((tensor) => ({ tensor, write: true })),
  ];
  return {
    gemm: { M: shape.M, N: shape.N, K: shape.K, eA: bytesOf(shape.A), eB: bytesOf(shape.B), eC: bytesOf(shape.C), weight: shape.weight },
    A: shape.A,
    B: shape.B,
    C: shape.C,
    rest,
  };
}
