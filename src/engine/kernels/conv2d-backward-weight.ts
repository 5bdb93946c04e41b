// conv2d.backward_weight with forward convolutions only (wasm has no Conv2DBackpropFilter):
//   dW[r,s,c,k] = Σ_{n,p,q} xpad[n, p·st + r, q·st + s, c] · dy[n,p,q,k]
// is a convolution of xpad viewed as [C, Hp, Wp, N] (batch as channels) with dy viewed as a filter
// [P, Q, N, K], dilated by the stride; its output [C, ≥R, ≥S, K] is cropped to R×S and transposed to RSCK.
// The activation is the layer's own input, or the matched shared activation under AS/ASAP.
// db = Σ dy over batch and space, summed in JS in float64 (channel-sums.ts): wasm's sum over the leading
// axes transposes first and took 1.5-4× as long.
import * as tf from '@tensorflow/tfjs-core';
import { channelTotals } from './channel-sums.ts';
import { jsKernel } from './js-kernel.ts';
import type { Kernel } from './kernel.ts';

/** x [N, H, W, C] zero-padded by p on each spatial side and transposed to [C, H + 2p, W + 2p, N], in one JS
 *  pass (wasm's pad then Transpose, which walks the batch axis at a full-tensor stride, took ~240 ms of
 *  ResNet-18's step at batch 32; this pass is 2-4× faster): per pixel, each sample's C values in turn. */
function padTransposed(x: tf.Tensor4D, p: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const [hp, wp] = [h + 2 * p, w + 2 * p];
  const plane = hp * wp * n;
  const [out] = jsKernel([x], [{ shape: [c, hp, wp, n], dtype: 'float32' }], ([s], [d]) => {
    for (let y = 0; y < h; y++)
      for (let z = 0; z < w; z++) {
        const at = ((y + p) * wp + z + p) * n;
        const from = (y * w + z) * c;
        for (let b = 0; b < n; b++) {
          const src = b * h * w * c + from;
          for (let ch = 0, to = at + b; ch < c; ch++, to += plane) d[to] = s[src + ch];
        }
      }
  });
  return out as tf.Tensor4D;
}

export function convWeightGrad(x: tf.Tensor4D, dy: tf.Tensor4D, r: number, stride: number, padding: number): tf.Tensor4D {
  const xt = padTransposed(x, padding);
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
