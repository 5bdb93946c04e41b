// Max pooling's JS passes (max-windows.ts) against a direct reading of the definition: the max over each
// k×k window inside the input, the first maximum's window-local index (row-major), and the backward pass
// putting each output's error on that cell. Ceil mode (the grid runs past the edge), floor mode (rows
// left uncovered) and ties, on the cpu and wasm backends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { availableBackends, chooseBackend } from '../../src/engine/backend.ts';
import { maxPoolArgmax, maxUnpool } from '../../src/engine/kernels/max-windows.ts';
import { Prng } from '../../src/util/prng.ts';
import { ready } from './helpers.ts';

const cases = [
  { h: 6, w: 6, k: 2, p: 3, q: 3 },
  { h: 7, w: 5, k: 2, p: 4, q: 3 }, // ceil mode
  { h: 7, w: 7, k: 3, p: 2, q: 2 }, // floor mode
];

test('max pooling with argmax and its backward pass follow the definition', async () => {
  await ready;
  const backends = (await availableBackends()).filter((b) => b === 'cpu' || b === 'wasm');
  try {
    for (const backend of backends) {
      await chooseBackend(backend);
      for (const { h, w, k, p, q } of cases) {
        const [n, c] = [2, 3];
        const rng = new Prng(h * 10 + w);
        const xs = Float32Array.from({ length: n * h * w * c }, () => Math.round(rng.normal() * 2)); // many ties
        const at = (b: number, r: number, s: number, ch: number) => ((b * h + r) * w + s) * c + ch;
        const x = tf.tensor4d(xs, [n, h, w, c]);
        const { out, argmax } = maxPoolArgmax(x, k, p, q);
        const dys = Float32Array.from({ length: n * p * q * c }, (_, i) => i + 1);
        const dy = tf.tensor4d(dys, [n, p, q, c]);
        const dx = maxUnpool(dy, argmax, k, h, w);
        const [ov, av, dv] = [out.dataSync(), argmax.dataSync(), dx.dataSync()];
        const expectDx = new Float32Array(n * h * w * c);
        for (let b = 0; b < n; b++)
          for (let i = 0; i < p; i++)
            for (let j = 0; j < q; j++)
              for (let ch = 0; ch < c; ch++) {
                let best = -Infinity;
                let cell = -1;
                for (let r = 0; r < k; r++)
                  for (let s = 0; s < k; s++)
                    if (i * k + r < h && j * k + s < w && xs[at(b, i * k + r, j * k + s, ch)] > best) {
                      best = xs[at(b, i * k + r, j * k + s, ch)];
                      cell = r * k + s;
                    }
                const o = ((b * p + i) * q + j) * c + ch;
                assert.equal(ov[o], best, `${backend} ${h}×${w}/${k}: max at ${o}`);
                assert.equal(av[o], cell, `${backend} ${h}×${w}/${k}: argmax at ${o}`);
                expectDx[at(b, i * k + Math.floor(cell / k), j * k + (cell % k), ch)] = dys[o];
              }
        assert.deepEqual(Array.from(dv), Array.from(expectDx), `${backend} ${h}×${w}/${k}: backward`);
        tf.dispose([x, out, argmax, dy, dx]);
      }
    }
  } finally {
    await chooseBackend('cpu');
  }
});
