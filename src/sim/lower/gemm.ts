// Each matrix op of the trace as a GEMM C[M×N] = A[M×K]·B[K×N], with the tensors playing A, B and C, as the
// op table (trace/ops.ts) defines them. Convolutions are implicit GEMMs (im2col is never materialised: A's
// traffic is its tensor's bytes).
import type { Gemm } from '../dataflow/dataflow.ts';
import type { TensorRef, TraceEvent } from '../../trace/schema.ts';
import { elementTypes } from '../../trace/schema.ts';
import { opTable } from '../../trace/ops.ts';

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
  const g = opTable[e.op].gemm;
  if (!g) return undefined;
  const A = e.reads[g.A.read];
  const B = e.reads[g.B.read];
  const C = e.writes[g.C.write];
  const used = new Set([A.id, B.id, C.id]);
  const rest = [
    ...e.reads.filter((t) => !used.has(t.id)).map((tensor) => ({ tensor, write: false })),
    ...e.writes.filter((t) => !used.has(t.id)).map((tensor) => ({ tensor, write: true })),
  ];
  return {
    gemm: { M: g.M(e.dims), N: g.N(e.dims), K: g.K(e.dims), eA: bytesOf(A), eB: bytesOf(B), eC: bytesOf(C), weight: g.weight },
    A,
    B,
    C,
    rest,
  };
}
