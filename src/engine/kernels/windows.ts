// Non-overlapping k×k windows (pool kernel = stride) as a tensor axis, using only reshapes and rank-4
// transposes (wasm supports no higher rank): [N, P·k, Q·k, C] → [N·P·Q, k·k, C] and back. Average
// pooling and its backward pass are reductions over that axis (max pooling: max-windows.ts).
import * as tf from '@tensorflow/tfjs-core';

export function unfold(x: tf.Tensor4D, k: number): tf.Tensor3D {
  const [n, h, w, c] = x.shape;
  const p = h / k;
  const q = w / k;
  const rows = tf.reshape(x, [n * p, k, q, k * c]); // (n,p) | i | q | (j,c)
  const t = tf.transpose(rows, [0, 2, 1, 3]); // (n,p) | q | i | (j,c)
  return tf.reshape(t, [n * p * q, k * k, c]);
}

export function fold(windows: tf.Tensor3D, n: number, p: number, q: number, k: number): tf.Tensor4D {
  const c = windows.shape[2];
  const t = tf.reshape(windows, [n * p, q, k, k * c]);
  const rows = tf.transpose(t, [0, 2, 1, 3]);
  return tf.reshape(rows, [n, p * k, q * k, c]);
}

/** Pads (ceil mode) or crops (floor mode) the spatial extent to exactly out·k, filling with `value`. */
export function fitWindows(x: tf.Tensor4D, k: number, outH: number, outW: number, value: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const th = outH * k;
  const tw = outW * k;
  let y = x;
  if (th < h || tw < w) y = tf.slice(y, [0, 0, 0, 0], [-1, Math.min(h, th), Math.min(w, tw), -1]);
  if (th > h || tw > w)
    y = tf.pad(
      y,
      [
        [0, 0],
        [0, Math.max(0, th - h)],
        [0, Math.max(0, tw - w)],
        [0, 0],
      ],
      value,
    );
  return y;
}

/** Inverse spatial fit for gradients: crop the padding away, or zero-pad back to the input's extent. */
export function unfitWindows(dx: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  const [, th, tw] = dx.shape;
  let y = dx;
  if (th > h || tw > w) y = tf.slice(y, [0, 0, 0, 0], [-1, Math.min(h, th), Math.min(w, tw), -1]);
  if (th < h || tw < w)
    y = tf.pad(y, [
      [0, 0],
      [0, Math.max(0, h - th)],
      [0, Math.max(0, w - tw)],
      [0, 0],
    ]);
  return y;
}
