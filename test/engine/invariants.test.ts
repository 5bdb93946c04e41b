// Per-rule invariants: FA's B never changes; under KP and ASAP B moves exactly as W (ΔB = ΔW, checked
// with weight decay 0 so the shared update is the only term); DFA's hidden errors are B_l·e; AS/ASAP take
// ΔW from the matched shared activation (channels repeated, then max-pooled).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, defaultOptimizer } from '../../src/engine/optimizer.ts';
import { batchOf, ready, relDiff, tinyConvnet, tinyNetwork, tinyResnet } from './helpers.ts';

const snapshot = (m: Map<string, tf.Tensor>, suffix: string) => new Map([...m].filter(([id]) => id.endsWith(suffix)).map(([id, t]) => [id, t.clone()]));

test('FA: B never changes (and is independent of W)', async () => {
  await ready;
  const net = tinyNetwork(tinyConvnet, 'fa');
  net.updater = new Optimizer(defaultOptimizer());
  const before = snapshot(net.params, '.feedback');
  const { x, y } = batchOf(tinyConvnet, 4);
  for (let i = 0; i < 3; i++) net.trainStep(x, y);
  assert.ok(before.size > 0);
  for (const [id, b] of before) {
    assert.equal(relDiff(net.params.get(id)!, b), 0, id);
    assert.ok(relDiff(net.params.get(id.replace('.feedback', '.weight'))!, b) > 0.1, `${id} differs from W`);
  }
});

for (const rule of ['kp', 'asap', 'asap:4']) {
  test(`${rule}: ΔB = ΔW`, async () => {
    await ready;
    const t = rule === 'kp' ? tinyConvnet : tinyResnet;
    const net = tinyNetwork(t, rule);
    net.updater = new Optimizer({ ...defaultOptimizer(), weightDecay: 0 });
    const w0 = snapshot(net.params, '.weight');
    const learned = new Set(
      net.graph.nodes.filter((n) => (n.kind === 'conv2d' || n.kind === 'linear') && (n.mode === 'kp' || n.mode === 'asap')).map((n) => `${n.name}.feedback`),
    );
    const b0 = new Map([...snapshot(net.params, '.feedback')].filter(([id]) => learned.has(id))); // the ASAP classifier is plain FA
    const { x, y } = batchOf(t, 4);
    for (let i = 0; i < 2; i++) net.trainStep(x, y);
    assert.ok(b0.size > 0);
    for (const [id, b] of b0) {
      const wid = id.replace('.feedback', '.weight');
      const dB = tf.sub(net.params.get(id)!, b);
      const dW = tf.sub(net.params.get(wid)!, w0.get(wid)!);
      assert.ok(relDiff(dB, dW) < 1e-5, `${id}: ΔB ≠ ΔW (${relDiff(dB, dW)})`);
      assert.ok(tf.max(tf.abs(dW)).dataSync()[0] > 0, `${wid} moved`);
    }
  });
}

test('DFA: each hidden error is B_l·e', async () => {
  await ready;
  const net = tinyNetwork(tinyConvnet, 'dfa');
  const { x, y } = batchOf(tinyConvnet, 4);
  const grads = net.gradients(x, y);
  const e = grads.get(`d:${net.graph.logits}@loss`)!;
  assert.ok(net.graph.receivers.length >= 4);
  for (const r of net.graph.receivers) {
    const got = grads.get(`d:${r}@dfa`)!;
    const nchw = got.rank === 4 ? tf.transpose(got, [0, 3, 1, 2]) : got;
    const want = tf.matMul(e as tf.Tensor2D, net.params.get(`${r}.dfa_B`) as tf.Tensor2D);
    assert.ok(relDiff(tf.reshape(nchw, want.shape), want) < 1e-6, r);
  }
  // and no error travels layer to layer: no backward-data op survives
  assert.ok(!net.events.some((ev) => ev.op.endsWith('.backward_data')));
});

for (const t of [tinyConvnet, tinyResnet]) {
  test(`AS/ASAP on ${t.model}: ΔW is computed from the matched shared activation`, async () => {
    await ready;
    for (const rule of ['as', 'asap', 'asap:4']) {
      const net = tinyNetwork(t, rule);
      const { x, y } = batchOf(t, 4);
      // Forward values (kept by a dry forward) and the backward's errors and gradients.
      const fwd = net.executor.run(x, y, { training: true, commit: false, phases: new Set(['forward']), keep: new Set(net.graph.tensors.keys()) });
      const grads = net.gradients(x, y);
      let checked = 0;
      for (const n of net.graph.nodes) {
        if (n.kind !== 'conv2d' || !n.shared || n.mode === 'frozen') continue;
        const s = (fwd.get(n.shared) ?? x) as tf.Tensor4D;
        const [, h, , c] = (fwd.get(n.inputs[0]) ?? x).shape as number[];
        const repeated = tf.concat(Array(c / s.shape[3]).fill(s), 3) as tf.Tensor4D;
        const pool = s.shape[1] / h;
        const matched = pool > 1 ? tf.maxPool(repeated, pool, pool, 'valid') : repeated;
        const dy = grads.get(`d:${n.output}@${net.graph.nodes.find((m) => m.inputs[0] === n.output)!.name}`) ?? grads.get(`d:${n.output}`)!;
        const w = net.params.get(`${n.name}.weight`) as tf.Tensor4D;
        const want = tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(matched, ww as tf.Tensor4D, n.stride, n.padding), dy)))(w);
        assert.ok(relDiff(grads.get(`${n.name}.weight.grad`)!, want) < 1e-4, `${rule} ${n.name}`);
        checked++;
      }
      assert.ok(checked >= 2, `${rule}: ${checked} shared convs checked`);
      for (const m of [fwd, grads]) for (const v of m.values()) v.dispose();
      net.dispose();
    }
  });
}
