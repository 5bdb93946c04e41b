// Training throughput for `npm run bench -- learning`: images/s of one training step per rule, model and
// backend, with 1 and 2 data-parallel workers (the same run, back to back, so a shared machine's load
// hits both alike), and PyTorch 1-thread on the same BP step (bench/torch-step.py, when Debian's
// python3-torch is installed: a reference column, never a dependency). Random inputs: speed does not
// depend on the data.
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Network } from '../src/engine/network.ts';
import { Optimizer, defaultOptimizer } from '../src/engine/optimizer.ts';
import { DataParallel } from '../src/engine/parallel/data-parallel.ts';
import type { BackendName } from '../src/engine/backend.ts';
import { Prng } from '../src/util/prng.ts';

export interface SpeedCase {
  model: string;
  width: number;
  batch: number;
  inputShape: [number, number, number];
  classes: number;
}

export const speedCases: Record<string, SpeedCase> = {
  'convnet-x0.25': { model: 'convnet', width: 0.25, batch: 128, inputShape: [1, 28, 28], classes: 10 },
  'convnet-x1': { model: 'convnet', width: 1, batch: 128, inputShape: [1, 28, 28], classes: 10 },
  'resnet18-b32': { model: 'resnet18', width: 1, batch: 32, inputShape: [3, 32, 32], classes: 10 },
};

function randomBatch(c: SpeedCase): { xs: Float32Array; ys: Int32Array } {
  const rng = new Prng(1);
  const [ch, h, w] = c.inputShape;
  return { xs: Float32Array.from({ length: c.batch * ch * h * w }, () => rng.normal()), ys: Int32Array.from({ length: c.batch }, (_, i) => i % c.classes) };
}

/** Images/s over `steps` steps after one warm-up step; workers = 1 is the plain one-process step. */
export async function imagesPerSecond(c: SpeedCase, rule: string, workers: number, steps: number, backend: BackendName): Promise<number> {
  const spec = { model: c.model, rule, batch: c.batch, inputShape: c.inputShape, classes: c.classes, width: c.width, seed: 1 };
  const { xs, ys } = randomBatch(c);
  let t0 = 0;
  if (workers === 1) {
    const net = new Network(spec);
    net.updater = new Optimizer(defaultOptimizer());
    const [ch, h, w] = c.inputShape;
    const x = tf.tensor4d(xs, [c.batch, h, w, ch]);
    const y = tf.tensor1d(ys, 'int32');
    for (let i = 0; i <= steps; i++) {
      if (i === 1) t0 = performance.now();
      net.trainStep(x, y);
    }
    tf.dispose([x, y]);
    net.dispose();
  } else {
    const dp = await DataParallel.start(spec, workers, defaultOptimizer(), backend);
    try {
      for (let i = 0; i <= steps; i++) {
        if (i === 1) t0 = performance.now();
        dp.step(xs, ys, 0.03);
      }
    } finally {
      await dp.close();
      dp.net.dispose();
    }
  }
  return (steps * c.batch) / ((performance.now() - t0) / 1000);
}

const PYTHON = '/usr/bin/python3';

/** PyTorch 1-thread images/s of the same BP step, or undefined when python3-torch is not installed. */
export function torchImagesPerSecond(c: SpeedCase, steps: number): { value: number; version: string } | undefined {
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return undefined;
  const net = new Network({ model: c.model, rule: 'bp', batch: c.batch, inputShape: c.inputShape, classes: c.classes, width: c.width, seed: 1 });
  const nodes = net.graph.nodes.map((n) => ({ ...n, rank: n.kind === 'batchnorm' ? net.graph.tensors.get(n.inputs[0])!.shape.length : undefined }));
  const input = JSON.stringify({ nodes, input: net.graph.input, batch: c.batch, inputShape: c.inputShape, classes: c.classes, steps });
  net.dispose();
  const script = fileURLToPath(new URL('./torch-step.py', import.meta.url));
  const r = spawnSync(PYTHON, [script], { input, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`bench/torch-step.py failed: ${r.stderr.trim().split('\n').pop()}`);
  const out = JSON.parse(r.stdout) as { imagesPerSecond: number; torch: string };
  return { value: out.imagesPerSecond, version: out.torch };
}
