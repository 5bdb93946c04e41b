// Trace op → MatrixOp. The trace gives every pass of a conv the forward conv's dims (N, C, K, H, W, P, Q,
// R, S, stride, padding); the operands are found by position, as src/net/program.ts emits them:
//   conv2d / linear:          reads [X, W, bias?]  writes [Y]
//   *.backward_data:          reads [dY, W or B]   writes [dX]
//   *.backward_weight:        reads [dY, X]        writes [dW, dbias?]
//   dfa.project:              reads [e, B]         writes [B·e]  (dims N, C = classes, K = features)
// Biases and bias gradients are not matrix operands: the caller streams them.
import type { OpName, TensorRef, TraceEvent } from '../../trace/schema.ts';
import { elementTypes } from '../../trace/schema.ts';
import type { MatrixOp, MatrixOpKind, OperandName } from './mapper.ts';

const kindOf: Partial<Record<OpName, MatrixOpKind>> = {
  conv2d: 'conv-forward',
  'conv2d.backward_data': 'conv-backward-data',
  'conv2d.backward_weight': 'conv-weight-gradient',
  linear: 'linear-forward',
  'linear.backward_data': 'linear-backward-data',
  'linear.backward_weight': 'linear-weight-gradient',
  'dfa.project': 'dfa-projection',
};

const elementBytes = (t: TensorRef) => elementTypes[t.dtype] / 8;

export function matrixOpOf(event: TraceEvent): MatrixOp | undefined {
  const kind = kindOf[event.op];
  if (!kind) return undefined;
  const d = event.dims;
  const conv = kind.startsWith('conv');
  const dims = {
    N: d.N ?? 1,
    K: d.K ?? 1,
    C: d.C ?? 1,
    H: conv ? (d.H ?? 1) : 1,
    W: conv ? (d.W ?? 1) : 1,
    P: conv ? (d.P ?? 1) : 1,
    Q: conv ? (d.Q ?? 1) : 1,
    R: conv ? (d.R ?? 1) : 1,
    S: conv ? (d.S ?? 1) : 1,
    stride: conv ? (d.stride ?? 1) : 1,
    padding: conv ? (d.padding ?? 0) : 0,
  };
  const [r0, r1] = event.reads;
  const w0 = event.writes[0];
  const tensors: Record<OperandName, TensorRef> =
    kind === 'conv-weight-gradient' || kind === 'linear-weight-gradient' ? { input: r1, weight: r0, output: w0 } : { input: r0, weight: r1, output: w0 };
  return {
    kind,
    dims,
    bytesPerElement: { input: elementBytes(tensors.input), weight: elementBytes(tensors.weight), output: elementBytes(tensors.output) },
    tensors,
  };
}
