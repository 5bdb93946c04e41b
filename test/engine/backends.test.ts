// cpu and wasm agree: the same seeded network gives the same gradients (every weight gradient and error
// of one step) and the same losses over two training steps under each backend, to float32 rounding.
// (Longer runs of these 2-channel nets are chaotic: rounding differences grow, so they are not compared.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { availableBackends, chooseBackend } from '../../src/engine/backend.ts';
import { Optimizer, defaultOptimizer } from '../../src/engine/optimizer.ts';
import { batchOf, ready, tinyConvnet, tinyNetwork, tinyResnet } from './helpers.ts';

function runOn(rule: string, t: typeof tinyConvnet): { losses: number[]; grads: Map<string, Float32Array> } {
  const net = tinyNetwork(t, rule);
  net.updater = new Optimizer(defaultOptimizer());
  const { x, y } = batchOf(t, 4);
  const g = net.gradients(x, y);
  const grads = new Map([...g].map(([id, v]) => [id, Float32Array.from(v.dataSync())]));
  tf.dispose([...g.values()]);
  const losses = [0, 1].map(() => net.trainStep(x, y).loss);
  tf.dispose([x, y]);
  net.dispose();
  return { losses, grads };
}

test('cpu and wasm agree', async (ctx) => {
  await ready;
  if (!(await availableBackends()).includes('wasm')) return ctx.skip('wasm backend unavailable');
  for (const [rule, t] of [
    ['bp', tinyConvnet],
    ['asap', tinyConvnet],
    ['dfa', tinyConvnet],
    ['kp', tinyResnet],
    ['asap:4', tinyResnet],
  ] as const) {
    await chooseBackend('cpu');
    const a = runOn(rule, t);
    await chooseBackend('wasm');
    const b = runOn(rule, t);
    await chooseBackend('cpu');
    // The first loss is a plain forward pass; the second follows one update whose gradients include
    // ill-conditioned sums (dγ of a 2-channel BN over 256 values: cpu and wasm differ by
    // up to 5e-4 relative there with tf.moments, 1.7e-4 with float64 BN sums), which move that loss ~2e-4.
    a.losses.forEach((l, i) => {
      const tol = i === 0 ? 1e-5 : 1e-3;
      assert.ok(Math.abs(l - b.losses[i]) < tol * Math.max(1, Math.abs(l)), `${rule} loss ${i}: cpu ${l} wasm ${b.losses[i]}`);
    });
    const scale = Math.max(...[...a.grads.values()].map((v) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0)));
    for (const [id, va] of a.grads) {
      const vb = b.grads.get(id)!;
      let d = 0;
      let m = 0;
      for (let i = 0; i < va.length; i++) {
        d = Math.max(d, Math.abs(va[i] - vb[i]));
        m = Math.max(m, Math.abs(va[i]));
      }
      // floor at the network's largest value: a conv bias before BN has an exactly-zero gradient (noise)
      assert.ok(d <= 1e-4 * m + 1e-5 * scale, `${rule} ${id}: max difference ${d} (scale ${m})`);
    }
  }
});
