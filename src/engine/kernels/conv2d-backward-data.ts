// conv2d.backward_data with a forward convolution (wasm's transposed-conv kernel is ~9× slower than its
// conv): dx = conv(pad(dilate(dy)), rot180(M) with in/out channels swapped), where M is W (BP, AS) or
// B (FA, KP, ASAP). dilate inserts stride−1 zeros between error rows/columns; the padding is R−1−p on
// the top/left and whatever makes the output exactly H×W on the bottom/right (negative = crop). With a
// stride, dilation and padding are one JS pass writing each error row into a zeroed tensor (on wasm the
// tfjs version, zeros + concat + transpose + a strided slice + pad, took ~1/6 of ResNet-18's data grads).
import * as tf from '@tensorflow/tfjs-core';
import { engineShape } from './layout.ts';
import { jsKernel } from './js-kernel.ts';
import type { Kernel } from './kernel.ts';

/** dy dilated by `s` and placed at (before + i·s, before + j·s) of a zero [N, outH, outW, K] tensor. */
function dilatePad(dy: tf.Tensor4D, s: number, before: number, outH: number, outW: number): tf.Tensor4D {
  const [n, p, q, k] = dy.shape;
  const [out] = jsKernel([dy], [{ shape: [n, outH, outW, k], dtype: 'float32' }], ([g], [d]) => {
    for (let b = 0; b < n; b++)
      for (let i = 0; i < p; i++) {
        const row = before + i * s;
        if (row >= outH) break;
        for (let j = 0; j < q; j++) {
          const col = before + j * s;
          if (col >= outW) break;
          const src = ((b * p + i) * q + j) * k;
          const dst = ((b * outH + row) * outW + col) * k;
          for (let c = 0; c < k; c++) d[dst + c] = g[src + c];
        }
      }
  });
  return out as tf.Tensor4D;
}

function padTo(x: tf.Tensor4D, before: number, afterH: number, afterW: number): tf.Tensor4D {
  let y = x;
  const [, h, w] = y.shape;
  if (afterH < 0 || afterW < 0) y = tf.slice(y, [0, 0, 0, 0], [-1, h + Math.min(0, afterH), w + Math.min(0, afterW), -1]);
  const ph = Math.max(0, afterH);
  const pw = Math.max(0, afterW);
  return before > 0 || ph > 0 || pw > 0
    ? tf.pad(y, [
        [0, 0],
        [before, ph],
        [before, pw],
        [0, 0],
      ])
    : y;
}

/** The kernel rotated by 180° (R and S reversed) with in/out channels swapped, [R, S, K, C], in one JS
 *  pass (wasm's Reverse is slow, and the R·S row slices + concat + transpose that replaced it took ~1/5
 *  of ResNet-18's data-gradient time outside the convolutions). */
function flipKernel(m: tf.Tensor4D): tf.Tensor4D {
  const [r, s, c, k] = m.shape;
  const [out] = jsKernel([m], [{ shape: [r, s, k, c], dtype: 'float32' }], ([src], [dst]) => {
    for (let i = 0; i < r; i++)
      for (let j = 0; j < s; j++) {
        const from = ((r - 1 - i) * s + (s - 1 - j)) * c * k;
        const to = (i * s + j) * k * c;
        // each tap is a C × K transpose, copied in 32 × 32 blocks (3x3x512x512: 18.7 → 10.9 ms)
        for (let k0 = 0; k0 < k; k0 += 32) {
          const k1 = Math.min(k, k0 + 32);
          for (let c0 = 0; c0 < c; c0 += 32) {
            const c1 = Math.min(c, c0 + 32);
            for (let ko = k0; ko < k1; ko++) {
              const out = to + ko * c;
              for (let ci = c0; ci < c1; ci++) dst[out + ci] = src[from + ci * k + ko];
            }
          }
        }
      }
  });
  return out as tf.Tensor4D;
}

export function convDataGrad(dy: tf.Tensor4D, m: tf.Tensor4D, h: number, w: number, stride: number, padding: number): tf.Tensor4D {
  const r = m.shape[0];
  const before = r - 1 - padding;
  if (before < 0) throw new Error(`conv backward: padding ${padding} ≥ kernel ${r} is not supported`);
  const [, p, q] = dy.shape;
  const padded = stride > 1 ? dilatePad(dy, stride, before, h + r - 1, w + r - 1) : padTo(dy, before, h - p - before + r - 1, w - q - before + r - 1);
  return tf.conv2d(padded, flipKernel(m), 1, 'valid');
}

export const conv2dBackwardData: Kernel = (ev, ctx) => {
  const [, h, w] = engineShape(ev.writes[0].shape, ev.writes[0].role);
  return [convDataGrad(ctx.read(0) as tf.Tensor4D, ctx.read(1) as tf.Tensor4D, h, w, ev.dims.stride ?? 1, ev.dims.padding ?? 0)];
};
