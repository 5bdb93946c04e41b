// The official schedule and the FA classifier's B law: cosine annealing with T_max = 200 stepped per
// epoch whatever the run's length; --fa-b-init scaled draws B from W's law U(±√(6/fan_in)), official from
// U(−1, 1); --schedule official refuses optimizer flags it fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { main } from '../../src/cli/main.ts';
import { cosineLr, officialSchedule } from '../../src/engine/optimizer.ts';
import { ready, tinyConvnet, tinyNetwork } from './helpers.ts';

test('official schedule: SGD 0.03 / 0.9 / 5e-4, cosine over 200 epochs, batch 128, test batch 100', () => {
  assert.deepEqual(
    [officialSchedule.optimizer.kind, officialSchedule.optimizer.lr, officialSchedule.optimizer.momentum, officialSchedule.optimizer.weightDecay],
    ['sgd', 0.03, 0.9, 5e-4],
  );
  assert.deepEqual([officialSchedule.tMax, officialSchedule.batch, officialSchedule.evalBatch], [200, 128, 100]);
  for (const epoch of [0, 1, 9, 100, 199]) assert.ok(Math.abs(cosineLr(0.03, epoch, 200) - 0.015 * (1 + Math.cos((Math.PI * epoch) / 200))) < 1e-15);
  assert.equal(cosineLr(0.03, 100, 200), 0.015);
});

test('--fa-b-init: official B ~ U(-1, 1), scaled B within W’s bound √(6/fan_in)', async () => {
  await ready;
  const maxAbs = (t: tf.Tensor) => tf.max(tf.abs(t)).dataSync()[0];
  for (const faBInit of ['official', 'scaled'] as const) {
    const net = tinyNetwork(tinyConvnet, 'fa', 4, 3, undefined, { faBInit });
    for (const n of net.graph.nodes) {
      if (n.kind !== 'linear') continue;
      const b = maxAbs(net.params.get(`${n.name}.feedback`)!);
      const bound = Math.sqrt(6 / n.inFeatures);
      if (faBInit === 'scaled') assert.ok(b <= bound, `${n.name}: |B| ${b} ≤ ${bound}`);
      else assert.ok(b <= 1 && b > bound, `${n.name}: |B| ${b} in (${bound}, 1]`);
    }
    net.dispose();
  }
});

test('--schedule official refuses --lr', async () => {
  const errors: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'asapsim', 'train', '--schedule', 'official', '--lr', '0.1', '--out', '/nonexistent/never-written']);
    assert.equal(code, 2);
  } finally {
    process.stderr.write = write;
  }
  assert.match(errors.join(''), /--schedule official fixes the optimizer: drop --lr/);
});
