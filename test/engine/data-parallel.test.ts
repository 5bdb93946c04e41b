// Data-parallel training is the one-process step: after the same steps on the same batches, 2 or 3 shards
// (the batch split unevenly when it does not divide) give the losses, correct counts and parameters (every
// weight, B, BN running statistic and momentum) of one process, up to float rounding; the shards' BN
// statistics are those of the whole batch (a per-shard BN would move the running statistics visibly).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Network } from '../../src/engine/network.ts';
import { Optimizer, defaultOptimizer } from '../../src/engine/optimizer.ts';
import { DataParallel } from '../../src/engine/parallel/data-parallel.ts';
import { shardSizes } from '../../src/engine/parallel/shard-group.ts';
import { batchOf, ready, relDiff, tinyConvnet, tinyResnet, type Tiny } from './helpers.ts';

const classes = 5;

async function compare(t: Tiny, rule: string, batch: number, shards: number, tolerance: number): Promise<void> {
  const spec = { model: t.model, rule, batch, inputShape: t.inputShape, classes, width: t.width, seed: 3 };
  const batches = [11, 12, 13].map((seed) => batchOf(t, batch, classes, seed));
  const one = new Network(spec);
  one.updater = new Optimizer(defaultOptimizer());
  const dp = await DataParallel.start(spec, shards, defaultOptimizer(), 'cpu');
  try {
    for (const [i, b] of batches.entries()) {
      const r1 = one.trainStep(b.x, b.y);
      const correct1 = [...b.ys].filter((l, j) => r1.predictions[j] === l).length;
      const rn = dp.step(b.xs.slice(), b.ys, 0.03);
      assert.ok(Math.abs(rn.loss - r1.loss) < 1e-5 * Math.max(1, r1.loss), `${rule} step ${i}: loss ${rn.loss} vs ${r1.loss}`);
      assert.equal(rn.correct, correct1, `${rule} step ${i}: correct`);
    }
    // a bias right before a BN has an exactly-zero gradient, i.e. rounding noise that depends on the order
    // of summation: it and its momentum are only required to stay near their one-process values (1e-3 of
    // the network's largest), every other tensor within 2e-5 of its own size
    const feedsBN = new Set(one.graph.nodes.filter((n) => n.kind === 'batchnorm').map((n) => n.inputs[0]));
    const noise = new Set(one.graph.nodes.filter((n) => feedsBN.has(n.output)).flatMap((n) => [`${n.name}.bias`, `${n.name}.bias.momentum`]));
    const kind = (id: string) => (id.endsWith('.momentum') ? 'momentum' : 'state');
    const scale = new Map<string, number>();
    for (const [id, p] of one.params) scale.set(kind(id), Math.max(scale.get(kind(id)) ?? 0, tf.max(tf.abs(p)).dataSync()[0]));
    for (const [id, p] of one.params) {
      const own = tf.max(tf.abs(p)).dataSync()[0];
      const s = scale.get(kind(id))!;
      const d = noise.has(id) ? (relDiff(dp.net.params.get(id)!, p, 0) * own) / s : relDiff(dp.net.params.get(id)!, p, 1e-6);
      assert.ok(d < (noise.has(id) ? 1e-3 : tolerance), `${rule} ${shards} shards: ${id} differs by ${d}`);
    }
  } finally {
    await dp.close();
    one.dispose();
    dp.net.dispose();
    tf.dispose(batches.flatMap((b) => [b.x, b.y]));
  }
}

test('shardSizes splits a batch evenly, the remainder to the first shards', () => {
  assert.deepEqual(shardSizes(128, 2), [64, 64]);
  assert.deepEqual(shardSizes(7, 3), [3, 2, 2]);
  for (let b = 1; b < 40; b++)
    for (let s = 1; s <= b; s++)
      assert.equal(
        shardSizes(b, s).reduce((x, y) => x + y, 0),
        b,
      );
});

test('data parallel = one process (convnet bp, 2 shards; resnet asap:4, 3 uneven shards)', async () => {
  await ready;
  await compare(tinyConvnet, 'bp', 8, 2, 2e-5);
  // the 2-channel ResNet's BN dγ are ill-conditioned sums (one process on cpu vs wasm: 1.7e-4 apart after
  // one step), so three steps in another summation order stay within 1e-4, not 2e-5
  await compare(tinyResnet, 'asap:4', 7, 3, 1e-4);
});
