// The conv weight and data gradients, both built from forward convolutions (for wasm), match tf.grad of tf.conv2d on the cpu backend, across kernels, strides and paddings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { convWeightGrad } from '../../src/engine/kernels/conv2d-backward-weight.ts';
import { convDataGrad } from '../../src/engine/kernels/conv2d-backward-data.ts';
import { Prng } from '../../src/util/prng.ts';
import { ready, relDiff } from './helpers.ts';

const cases: Array<[number, number, number, number]> = [
  // [kernel, stride, padding, size]
  [5, 1, 2, 7],
  [3, 2, 1, 8],
  [3, 2, 1, 7],
  [1, 2, 0, 8],
  [3, 1, 1, 5],
  [3, 1, 0, 6],
];

test('conv weight and data gradients match tf.grad', async () => {
  await ready;
  const rng = new Prng(5);
  for (const [k, s, p, size] of cases) {
    tf.tidy(() => {
      const x = tf.tensor4d(
        Array.from({ length: 2 * size * size * 3 }, () => rng.normal()),
        [2, size, size, 3],
      );
      const w = tf.tensor4d(
        Array.from({ length: k * k * 3 * 4 }, () => rng.normal()),
        [k, k, 3, 4],
      );
      const y = tf.conv2d(x, w, s, p);
      const dy = tf.tensor4d(
        Array.from({ length: y.size }, () => rng.normal()),
        y.shape as [number, number, number, number],
      );
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, p), dy)))([x, w]);
      assert.ok(relDiff(convWeightGrad(x, dy, k, s, p), gw) < 1e-5, `weight grad k${k} s${s} p${p} n${size}`);
      assert.ok(relDiff(convDataGrad(dy, w, size, size, s, p), gx) < 1e-5, `data grad k${k} s${s} p${p} n${size}`);
    });
  }
});
