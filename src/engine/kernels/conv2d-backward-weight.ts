// conv2d.backward_weight with forward convolutions only (wasm has no Conv2DBackpropFilter):
//   dW[r,s,c,k] = Σ_{n,p,q} xpad[n, p·st + r, q·st + s, c] · dy[n,p,q,k]
// is a convolution of xpad viewed as [C, Hp, Wp, N] (batch as channels) with dy viewed as a filter
// [P, Q, N, K], dilated by the stride; its output [C, ≥R, ≥S, K] is cropped to R×S and transposed to RSCK.
// The activation is the layer's own input, or the matched shared activation under AS/ASAP.
// db = Σ dy over batch and space, summed in JS in float64 (channel-sums.ts): wasm's sum over the leading
// axes transposes first and took 1.5-4× as long.
import * as tf from '@tensorflow/tfjs-core';
import { channelTotals } from './channel-sums.ts';
import type { Kernel } from './kernel.ts';

export function convWeightGrad(x: tf.Tensor4D, dy: tf.Tensor4D, r: number, stride: number, padding: number): tf.Tensor4D {
  const xp =
    padding > 0
      ? tf.pad(x, [
          [0, 0],
          [padding, padding],
          [padding, padding],
          [0, 0],
        ])
      : x;
  const xt = tf.transpose(xp, [3, 1, 2, 0]);
  const f = tf.transpose(dy, [1, 2, 0, 3]);
  const full = tf.conv2d(xt, f, 1, 'valid', 'NHWC', stride);
  const [c, fh, fw, k] = full.shape;
  const cropped = fh === r && fw === r ? full : tf.slice(full, [0, 0, 0, 0], [c, r, r, k]);
  return tf.transpose(cropped, [1, 2, 0, 3]);
}

export const conv2dBackwardWeight: Kernel = (ev, ctx) => {
  const dy = ctx.read(0) as tf.Tensor4D;
  const x = ctx.read(1) as tf.Tensor4D;
  const out: tf.Tensor[] = [convWeightGrad(x, dy, ev.dims.R ?? 1, ev.dims.stride ?? 1, ev.dims.padding ?? 0)];
  if (ev.writes.length > 1) out.push(tf.tensor1d(Float32Array.from(channelTotals(dy))));
  return out;
};
