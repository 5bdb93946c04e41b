// Max pooling over non-overlapping k×k windows (pool kernel = stride) and its backward pass, as single
// JS passes over the tensors' memory (js-kernel.ts). PyTorch's ceil mode is the window grid running past
// the input's bottom/right edge (those cells are skipped, as −∞ padding would be); floor mode never
// reaches the uncovered rows and columns. The argmax is window-local (i·k + j for row i, column j) and
// the first maximum in row-major order, as PyTorch picks it. On wasm these passes replace a transpose, a
// max and an arg-max forward, and a one-hot, a broadcast multiply and two transposes backward.
import type * as tf from '@tensorflow/tfjs-core';
import { jsKernel } from './js-kernel.ts';

/** The pooled values [N, P, Q, C] and the window-local argmax (int32, same shape). */
export function maxPoolArgmax(x: tf.Tensor4D, k: number, outH: number, outW: number): { out: tf.Tensor4D; argmax: tf.Tensor4D } {
  const [n, h, w, c] = x.shape;
  const shape = [n, outH, outW, c];
  const [out, argmax] = jsKernel(
    [x],
    [
      { shape, dtype: 'float32' },
      { shape, dtype: 'int32' },
    ],
    ([xs], [ys, idx]) => {
      let o = 0;
      for (let b = 0; b < n; b++)
        for (let p = 0; p < outH; p++)
          for (let q = 0; q < outW; q++, o += c) {
            // window cell (0, 0) is always inside the input: it starts the maxima
            const first = ((b * h + p * k) * w + q * k) * c;
            for (let ch = 0; ch < c; ch++) ys[o + ch] = xs[first + ch];
            for (let i = 0; i < k; i++) {
              const row = p * k + i;
              if (row >= h) break;
              for (let j = i === 0 ? 1 : 0; j < k; j++) {
                const col = q * k + j;
                if (col >= w) break;
                const at = ((b * h + row) * w + col) * c;
                const cell = i * k + j;
                for (let ch = 0; ch < c; ch++) {
                  const v = xs[at + ch];
                  if (v > ys[o + ch]) {
                    ys[o + ch] = v;
                    idx[o + ch] = cell;
                  }
                }
              }
            }
          }
    },
  );
  return { out: out as tf.Tensor4D, argmax: argmax as tf.Tensor4D };
}

/** dx [N, H, W, C]: each output's error at its window's argmax cell, zero elsewhere. */
export function maxUnpool(dy: tf.Tensor4D, argmax: tf.Tensor, k: number, h: number, w: number): tf.Tensor4D {
  const [n, outH, outW, c] = dy.shape;
  const [dx] = jsKernel([dy, argmax], [{ shape: [n, h, w, c], dtype: 'float32' }], ([g, idx], [d]) => {
    let o = 0;
    for (let b = 0; b < n; b++)
      for (let p = 0; p < outH; p++)
        for (let q = 0; q < outW; q++, o += c)
          for (let ch = 0; ch < c; ch++) {
            const cell = idx[o + ch];
            const i = (cell / k) | 0;
            const row = p * k + i;
            const col = q * k + cell - i * k;
            if (row < h && col < w) d[((b * h + row) * w + col) * c + ch] = g[o + ch];
          }
  });
  return dx as tf.Tensor4D;
}
