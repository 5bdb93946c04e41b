// A 2-D transpose. wasm's Transpose walks a large matrix element by element with a full-row stride and
// took 41-52 ms for convnet ×1's fc1 weight (1024 × 4096, transposed every step by every shard); copying
// 64 × 64 blocks in JS takes ~19 ms. Small matrices stay with tfjs (no gain, and one op instead of a pass).
import * as tf from '@tensorflow/tfjs-core';
import { jsKernel } from './js-kernel.ts';

const BLOCK = 64;
const JS_FROM = 1 << 18;

export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  if (x.size < JS_FROM || x.dtype !== 'float32') return tf.transpose(x);
  const [r, c] = x.shape;
  const [out] = jsKernel([x], [{ shape: [c, r], dtype: 'float32' }], ([s], [d]) => {
    for (let j0 = 0; j0 < c; j0 += BLOCK) {
      const j1 = Math.min(c, j0 + BLOCK);
      for (let i0 = 0; i0 < r; i0 += BLOCK) {
        const i1 = Math.min(r, i0 + BLOCK);
        for (let j = j0; j < j1; j++) {
          const row = j * r;
          for (let i = i0; i < i1; i++) d[row + i] = s[i * c + j];
        }
      }
    }
  });
  return out as tf.Tensor2D;
}
