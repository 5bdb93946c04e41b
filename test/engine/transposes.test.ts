// The JS transposes are copies: transpose2d equals tf.transpose exactly on matrices large enough for its
// blocked pass (sides not multiples of the block), and the blocked kernel flip of the conv data gradient
// matches tf.grad when the channels span several blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { transpose2d } from '../../src/engine/kernels/transpose2d.ts';
import { convDataGrad } from '../../src/engine/kernels/conv2d-backward-data.ts';
import { Prng } from '../../src/util/prng.ts';
import { ready, relDiff } from './helpers.ts';

test('transpose2d = tf.transpose, bit for bit', async () => {
  await ready;
  const rng = new Prng(7);
  for (const shape of [
    [513, 517],
    [300, 1000],
    [1000, 300],
    [7, 9],
  ] as [number, number][]) {
    const x = tf.tensor2d(
      Float32Array.from({ length: shape[0] * shape[1] }, () => rng.normal()),
      shape,
    );
    const [a, b] = [transpose2d(x), tf.transpose(x)];
    assert.deepEqual(a.shape, b.shape);
    assert.deepEqual(a.dataSync(), b.dataSync(), `transpose of [${shape}]`);
    tf.dispose([x, a, b]);
  }
});

test('conv data gradient with channels across flip blocks matches tf.grad', async () => {
  await ready;
  const rng = new Prng(8);
  const [n, size, c, k, r] = [2, 5, 37, 70, 3];
  tf.tidy(() => {
    const x = tf.tensor4d(
      Float32Array.from({ length: n * size * size * c }, () => rng.normal()),
      [n, size, size, c],
    );
    const w = tf.tensor4d(
      Float32Array.from({ length: r * r * c * k }, () => rng.normal()),
      [r, r, c, k],
    );
    const y = tf.conv2d(x, w, 1, 1);
    const dy = tf.tensor4d(
      Float32Array.from({ length: y.size }, () => rng.normal()),
      y.shape as [number, number, number, number],
    );
    const gx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, w, 1, 1), dy)))(x);
    assert.ok(relDiff(convDataGrad(dy, w, size, size, 1, 1), gx) < 1e-5);
  });
});
