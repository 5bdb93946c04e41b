// The sham test: every rule with B := W and activation sharing off must reproduce BP's gradients, taken
// by tf.grads through stock tfjs ops. (DFA's B_l has no W to copy; its wiring is tested in invariants.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../../src/net/graph.ts';
import { batchOf, ready, relDiff, tinyConvnet, tinyNetwork, tinyResnet } from './helpers.ts';
import { stockLoss } from './reference.ts';

const unshared = (g: Graph): Graph => ({ ...g, nodes: g.nodes.map((n) => (n.kind === 'conv2d' ? { ...n, shared: undefined } : n)) });

for (const t of [tinyConvnet, tinyResnet]) {
  for (const rule of ['bp', 'fa', 'kp', 'as', 'asap', 'asap:4']) {
    test(`sham ${rule} on ${t.model}: B := W, no sharing → BP gradients`, async () => {
      await ready;
      const net = tinyNetwork(t, rule, 4, 3, unshared);
      for (const [id, v] of net.params)
        if (id.endsWith('.feedback')) {
          net.params.set(id, net.params.get(id.replace(/\.feedback$/, '.weight'))!.clone());
          v.dispose();
        }
      const { x, y } = batchOf(t, 4);
      const grads = net.gradients(x, y, (id) => id.endsWith('.grad'));
      const names = [...grads.keys()].map((g) => g.replace(/\.grad$/, ''));
      assert.ok(names.length > 4, 'some gradients');
      const ref = tf.grads((...ps: tf.Tensor[]) =>
        stockLoss(net.graph, x, y, { ...Object.fromEntries(net.params), ...Object.fromEntries(names.map((n, i) => [n, ps[i]])) }),
      )(names.map((n) => net.params.get(n)!));
      // Tolerance per tensor relative to itself, with a floor at the network's largest gradient (exact zeros).
      const scale = Math.max(...ref.map((r) => tf.max(tf.abs(r)).dataSync()[0]));
      names.forEach((n, i) => {
        const d = relDiff(grads.get(`${n}.grad`)!, ref[i], 1e-3 * scale);
        assert.ok(d < 2e-4, `${n}: ${d}`);
      });
      for (const g of grads.values()) g.dispose();
      net.dispose();
    });
  }
}
