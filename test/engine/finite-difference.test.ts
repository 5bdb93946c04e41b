// BP gradients of the engine (float32) against central finite differences of a plain-JS float64
// forward pass, on a few entries of every parameter of tiny networks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { toTraceLayout } from '../../src/engine/kernels/layout.ts';
import { persistentTensors } from '../../src/engine/init.ts';
import { Prng } from '../../src/util/prng.ts';
import { batchOf, ready, tinyConvnet, tinyNetwork, tinyResnet } from './helpers.ts';
import { float64Loss } from './reference.ts';

for (const t of [tinyConvnet, tinyResnet]) {
  test(`BP gradients match float64 finite differences on ${t.model}`, async () => {
    await ready;
    const net = tinyNetwork(t, 'bp', 3);
    const { x, y, xs, ys } = batchOf(t, 3);
    const grads = net.gradients(x, y, (id) => id.endsWith('.grad'));
    const roles = new Map(persistentTensors(net.events).map((r) => [r.id, r.role]));
    const p64 = new Map<string, Float64Array>();
    for (const [id, v] of net.params) p64.set(id, Float64Array.from(tf.tidy(() => toTraceLayout(v, roles.get(id)!)).dataSync()));
    // input NHWC → NCHW
    const [c, h, w] = t.inputShape;
    const input = new Float64Array(xs.length);
    for (let n = 0; n < 3; n++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) input[((n * c + k) * h + i) * w + j] = xs[((n * h + i) * w + j) * c + k];
    const rng = new Prng(7);
    let checked = 0;
    for (const [gid, g] of grads) {
      const pid = gid.replace(/\.grad$/, '');
      const analytic = tf.tidy(() => toTraceLayout(g, 'weight_gradient')).dataSync();
      const values = p64.get(pid)!;
      const scale = Math.max(...Array.from(analytic, Math.abs));
      for (let s = 0; s < 3; s++) {
        const i = rng.int(values.length);
        const h0 = 1e-5;
        const keep = values[i];
        values[i] = keep + h0;
        const up = float64Loss(net.graph, input, ys, p64);
        values[i] = keep - h0;
        const down = float64Loss(net.graph, input, ys, p64);
        values[i] = keep;
        const numeric = (up - down) / (2 * h0);
        assert.ok(
          Math.abs(numeric - analytic[i]) <= 1e-3 * Math.abs(numeric) + 2e-3 * scale + 1e-6,
          `${pid}[${i}]: engine ${analytic[i]}, finite difference ${numeric}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 20);
    for (const g of grads.values()) g.dispose();
    net.dispose();
  });
}
