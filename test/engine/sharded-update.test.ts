// The sharded SGD update (each shard updates its share of every parameter, then all copy the others'
// shares) is the unsharded one exactly: after the same data-parallel steps, every parameter, B and
// momentum is bit-identical to the group that applies the whole summed update on every shard, for 2 and 3
// shards whose shares split tensors unevenly, and one shard is the plain optimizer's step (B sharing W's gradient under KP/ASAP included); the owned
// parts of the shards partition every update. On wasm too, whose convolution caches a filter by tensor
// (a parameter updated in place would be used stale).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Network } from '../../src/engine/network.ts';
import { Optimizer, defaultOptimizer } from '../../src/engine/optimizer.ts';
import { DataParallel } from '../../src/engine/parallel/data-parallel.ts';
import { ShardGroup, allocateGroup, shareOf, type GroupLayout } from '../../src/engine/parallel/shard-group.ts';
import { ShardStep } from '../../src/engine/parallel/shard-step.ts';
import { ownedPart } from '../../src/engine/parallel/sharded-sgd.ts';
import { updatePlan } from '../../src/engine/parallel/update-plan.ts';
import { chooseBackend, type BackendName } from '../../src/engine/backend.ts';
import { batchOf, ready, tinyConvnet, tinyNetwork, tinyResnet, type Tiny } from './helpers.ts';

const classes = 5;

async function exact(t: Tiny, rule: string, batch: number, shards: number, backend: BackendName = 'cpu'): Promise<void> {
  const spec = { model: t.model, rule, batch, inputShape: t.inputShape, classes, width: t.width, seed: 3 };
  const batches = [11, 12, 13].map((seed) => batchOf(t, batch, classes, seed));
  const whole = await DataParallel.start(spec, shards, defaultOptimizer(), backend, false);
  const split = await DataParallel.start(spec, shards, defaultOptimizer(), backend, true);
  try {
    assert.equal(whole.group.layout.gradientLength, 0, 'the unsharded group has no gradient buffer');
    assert.ok(split.group.layout.gradientLength > 0, 'the sharded group has a gradient buffer');
    for (const [i, b] of batches.entries()) {
      const a = whole.step(b.xs.slice(), b.ys, 0.03);
      const s = split.step(b.xs.slice(), b.ys, 0.03);
      assert.deepEqual(s, a, `${rule} ${shards} shards, step ${i}: loss and correct`);
    }
    assert.deepEqual([...split.net.params.keys()].sort(), [...whole.net.params.keys()].sort());
    for (const [id, p] of whole.net.params) assert.deepEqual(split.net.params.get(id)!.dataSync(), p.dataSync(), `${rule} ${shards} shards: ${id} differs`);
  } finally {
    for (const dp of [whole, split]) {
      await dp.close();
      dp.net.dispose();
    }
    tf.dispose(batches.flatMap((b) => [b.x, b.y]));
  }
}

test('owned parts of the shards partition every update (1, 2, 3 and 5 shards)', async () => {
  await ready;
  for (const [t, rule] of [
    [tinyConvnet, 'bp'],
    [tinyResnet, 'asap:4'],
    [tinyConvnet, 'kp'],
  ] as const) {
    const net = tinyNetwork(t, rule);
    const plan = updatePlan(net.events);
    net.dispose();
    assert.ok([...plan.updates.values()].some((u, _, all) => all.filter((v) => v.gradient === u.gradient).length > 1) || rule === 'bp');
    for (const shards of [1, 2, 3, 5]) {
      const shares = Array.from({ length: shards }, (_, s) => shareOf(plan.gradientLength, shards, s));
      for (const [id, u] of plan.updates) {
        let next = 0;
        for (const [lo, hi] of shares) {
          const [from, to] = ownedPart(u, lo, hi);
          if (from === to) continue;
          assert.equal(from, next, `${rule} ${shards} shards: ${id} has a gap or overlap at ${from}`);
          next = to;
        }
        assert.equal(next, u.size, `${rule} ${shards} shards: ${id} not covered`);
      }
    }
  }
});

test('sharded SGD update = the whole update on every shard, bit for bit (2 and 3 uneven shards)', async () => {
  await ready;
  await exact(tinyConvnet, 'bp', 8, 2);
  await exact(tinyResnet, 'asap:4', 7, 3);
  await exact(tinyConvnet, 'kp', 5, 3);
});

test('sharded SGD update on one shard = the plain optimizer step, bit for bit', async () => {
  await ready;
  const t = tinyResnet;
  const batch = 6;
  const spec = { model: t.model, rule: 'asap:4', batch, inputShape: t.inputShape, classes, width: t.width, seed: 3 };
  const plain = new Network(spec);
  plain.updater = new Optimizer(defaultOptimizer());
  const sharded = new Network(spec);
  const plan = updatePlan(sharded.events);
  const [c, h, w] = t.inputShape;
  const layout: GroupLayout = {
    shards: 1,
    slotLength: 0,
    chunkLength: 0,
    gradientLength: plan.gradientLength,
    updateLength: plan.updateLength,
    batch,
    features: c * h * w,
  };
  const group = new ShardGroup(allocateGroup(layout), layout, 0);
  const step = new ShardStep(group, sharded, new Optimizer(defaultOptimizer()), 0);
  const batches = [11, 12].map((seed) => batchOf(t, batch, classes, seed));
  try {
    for (const b of batches) {
      const r = plain.trainStep(b.x, b.y);
      group.input.set(b.xs);
      group.labels.set(b.ys);
      group.scalars[0] = 0.03;
      assert.equal(step.run().loss, r.loss);
    }
    for (const [id, p] of plain.params) assert.deepEqual(sharded.params.get(id)!.dataSync(), p.dataSync(), `${id} differs`);
  } finally {
    plain.dispose();
    sharded.dispose();
    tf.dispose(batches.flatMap((b) => [b.x, b.y]));
  }
});

test('sharded SGD update = the whole update on wasm, bit for bit (2 shards)', async () => {
  await ready;
  await chooseBackend('wasm');
  await exact(tinyConvnet, 'kp', 6, 2, 'wasm');
});
