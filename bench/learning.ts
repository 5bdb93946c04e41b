// The learning benchmark: the seed's convnet (width ×0.25) on the bundled MNIST (8k train / 2k test),
// SGD with the official defaults and cosine LR, for each rule. Accuracy is trained on the fastest
// backend present; every backend present reports images/s (a backend far slower than the fastest is
// timed on a few steps only, which the note says). The bar: BP ≥ 97%, ASAP within 2 points of BP.
// ASAPSIM_BENCH_QUICK=1 runs 1 epoch on 2k training samples (a smoke run, not the bar).
import * as tf from '@tensorflow/tfjs-core';
import { availableBackends, chooseBackend, type BackendName } from '../src/engine/backend.ts';
import { bundledMnist } from '../src/engine/data/bundled-mnist.ts';
import { trainBatches } from '../src/engine/data/batches.ts';
import type { Dataset } from '../src/engine/data/dataset.ts';
import { Network } from '../src/engine/network.ts';
import { Optimizer, defaultOptimizer } from '../src/engine/optimizer.ts';
import { Prng } from '../src/util/prng.ts';
import { train } from '../src/engine/train.ts';
import type { BenchResult } from './result.ts';

// as and asap with k = 2, the convnet's only sharing pattern; asap+bp-classifier separates what the official
// layout's FA classifier costs from what activation sharing and asymmetric paths cost.
const RULES = ['bp', 'fa', 'dfa', 'kp', 'as', 'asap', 'asap+bp-classifier'];
const WIDTH = 0.25;
const BATCH = 128;

function timeSteps(data: Dataset, rule: string, steps: number): number {
  const net = new Network({ model: 'convnet', rule, batch: BATCH, inputShape: data.shape, classes: 10, width: WIDTH, seed: 1 });
  net.updater = new Optimizer(defaultOptimizer());
  const batches = trainBatches(data, data.train, BATCH, new Prng(1), false);
  let t0 = 0;
  for (let i = 0; i <= steps; i++) {
    const b = batches.next().value!;
    if (i === 1) t0 = performance.now(); // step 0 warms up (kernel compilation, allocation)
    net.trainStep(b.x, b.y);
    tf.dispose([b.x, b.y]);
  }
  net.dispose();
  return (steps * BATCH) / ((performance.now() - t0) / 1000);
}

export async function run(): Promise<BenchResult[]> {
  const quick = process.env.ASAPSIM_BENCH_QUICK === '1';
  const epochs = quick ? 1 : 8; // 8 epochs × 6 rules keeps the full run near 15 minutes on 2 cores
  const trainLimit = quick ? 2048 : 8000;
  const backends = await availableBackends();
  const trainOn: BackendName = backends[0];
  const results: BenchResult[] = [];
  const acc = new Map<string, number>();
  const data = bundledMnist();
  await chooseBackend(trainOn);
  for (const rule of RULES) {
    const r = await train({
      model: 'convnet',
      rule,
      width: WIDTH,
      batch: BATCH,
      epochs,
      seed: 1,
      optimizer: defaultOptimizer(),
      augment: false,
      data,
      trainLimit,
      evalBatch: 100,
    });
    const last = r.epochs[r.epochs.length - 1];
    const label = r.network.rule.label;
    r.network.dispose();
    acc.set(rule, last.testAcc);
    const ips = r.epochs.reduce((a, e) => a + e.imagesPerSecond, 0) / r.epochs.length;
    results.push({
      name: `learning/convnet-x${WIDTH}/${label}/test_accuracy`,
      metric: 'test accuracy',
      value: Number(last.testAcc.toFixed(2)),
      unit: '%',
      note: `${trainOn}, ${epochs} epochs, ${trainLimit} train / ${data.test.count} test, bundled MNIST`,
    });
    results.push({
      name: `learning/convnet-x${WIDTH}/${label}/images_per_s/${trainOn}`,
      metric: 'training throughput',
      value: Number(ips.toFixed(1)),
      unit: 'images/s',
      note: `mean over ${epochs} epochs of training (eval excluded)`,
    });
  }
  for (const backend of backends.slice(1)) {
    await chooseBackend(backend);
    for (const rule of RULES) {
      const steps = quick ? 1 : 2;
      const ips = timeSteps(data, rule, steps);
      results.push({
        name: `learning/convnet-x${WIDTH}/${rule}/images_per_s/${backend}`,
        metric: 'training throughput',
        value: Number(ips.toFixed(1)),
        unit: 'images/s',
        note: `timed on ${steps} step(s) after a warm-up step (too slow to train the benchmark)`,
      });
    }
  }
  const bp = acc.get('bp')!;
  const asap = acc.get('asap')!;
  results.push({
    name: 'learning/bar/bp',
    metric: 'BP test accuracy',
    value: bp,
    unit: '%',
    target: 97,
    pass: quick ? undefined : bp >= 97,
    note: quick ? 'quick run: not judged' : undefined,
  });
  results.push({
    name: 'learning/bar/asap_gap',
    metric: 'BP − ASAP test accuracy',
    value: Number((bp - asap).toFixed(2)),
    unit: 'points',
    target: 2,
    pass: quick ? undefined : bp - asap <= 2,
    note: quick ? 'quick run: not judged' : undefined,
  });
  const asapBpClassifier = acc.get('asap+bp-classifier')!;
  results.push({
    name: 'learning/asap_gap_with_bp_classifier',
    metric: 'BP − ASAP(+bp-classifier) test accuracy',
    value: Number((bp - asapBpClassifier).toFixed(2)),
    unit: 'points',
    note: 'same run with the FC layers trained by BP: the gap left to activation sharing itself',
  });
  await chooseBackend(trainOn);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
