// Tensor layouts. The trace speaks PyTorch: activations NCHW, conv weights KCRS, linear weights
// [out, in]. tfjs convolutions want NHWC and RSCK, so 4-D tensors live in the engine permuted:
// activations and errors as NHWC, conv weights (and their gradients, momenta, B) as RSCK. Linear weights
// and DFA matrices keep PyTorch's layout, so flattening for them goes through NCHW order.
import * as tf from '@tensorflow/tfjs-core';
import type { TensorRole } from '../../trace/schema.ts';

const weightRoles: ReadonlySet<TensorRole> = new Set(['weight', 'feedback_weight', 'weight_gradient', 'optimizer_state']);

/** The permutation from the trace's layout to the engine's, for a 4-D tensor of the given role. */
export function toEnginePerm(role: TensorRole): number[] {
  return weightRoles.has(role) ? [2, 3, 1, 0] : [0, 2, 3, 1];
}

/** The engine-side shape of a trace tensor. */
export function engineShape(shape: number[], role: TensorRole): number[] {
  if (shape.length !== 4) return shape;
  return toEnginePerm(role).map((i) => shape[i]);
}

/** Inverse of toEnginePerm. */
export function toTracePerm(role: TensorRole): number[] {
  const p = toEnginePerm(role);
  const inv = [0, 0, 0, 0];
  p.forEach((src, dst) => (inv[src] = dst));
  return inv;
}

/** Engine tensor → trace layout (for checkpoints and the grad command). */
export function toTraceLayout(t: tf.Tensor, role: TensorRole): tf.Tensor {
  return t.rank === 4 ? tf.transpose(t, toTracePerm(role)) : t;
}

/** Trace-layout tensor → engine layout. */
export function toEngineLayout(t: tf.Tensor, role: TensorRole): tf.Tensor {
  return t.rank === 4 ? tf.transpose(t, toEnginePerm(role)) : t;
}

/** Flattens an activation to [N, features] in PyTorch's C,H,W order. */
export function flattenNCHW(x: tf.Tensor): tf.Tensor2D {
  if (x.rank === 2) return x as tf.Tensor2D;
  const t = x.rank === 4 ? tf.transpose(x, [0, 3, 1, 2]) : x;
  return tf.reshape(t, [x.shape[0], -1]);
}

/** Inverse of flattenNCHW: [N, features] → the engine layout of a trace shape (NCHW → NHWC). */
export function unflattenNCHW(x: tf.Tensor, traceShape: number[]): tf.Tensor {
  if (traceShape.length !== 4) return tf.reshape(x, traceShape);
  return tf.transpose(tf.reshape(x, traceShape), [0, 2, 3, 1]);
}
