// The training loop: for each epoch, set the cosine learning rate, run the step program on every
// shuffled (optionally augmented) batch, evaluate on the test split with running statistics, and
// record metrics (and, if asked, per-layer alignment on the first test batch). The first step can be
// recorded as a trace. Everything random derives from one seed. With workers > 1 the steps run data-parallel
// (parallel/data-parallel.ts): the same step up to float rounding, on several threads.
import * as tf from '@tensorflow/tfjs-core';
import { alignment } from './alignment.ts';
import { evalBatches, trainBatches } from './data/batches.ts';
import { take, type Dataset } from './data/dataset.ts';
import type { EpochMetrics } from './metrics.ts';
import { Network } from './network.ts';
import { Optimizer, cosineLr, type OptimizerConfig } from './optimizer.ts';
import type { EngineOptions } from './options.ts';
import { Prng } from '../util/prng.ts';
import { TraceRecorder } from './trace-recorder.ts';
import { weightNorms } from './weight-norms.ts';
import { DataParallel } from './parallel/data-parallel.ts';
import type { BackendName } from './backend.ts';

export interface TrainConfig {
  model: string;
  rule: string;
  width: number;
  batch: number;
  epochs: number;
  seed: number;
  optimizer: OptimizerConfig;
  /** Stop after the epoch at which the next one would end past this many seconds (the schedule is unchanged). */
  timeBudgetSeconds?: number;
  /** Cosine T_max in epochs (default: epochs; the official schedule: 200). */
  tMax?: number;
  augment: boolean;
  data: Dataset;
  stash?: string;
  engine?: Partial<EngineOptions>;
  /** Use only the first n train / test samples. */
  trainLimit?: number;
  testLimit?: number;
  evalBatch?: number;
  alignment?: boolean;
  /** Data-parallel shards (threads), default 1; needs no recorder (a trace is one process's step). */
  workers?: number;
  /** Record the first training step's executed events. */
  recorder?: TraceRecorder;
  onEpoch?: (m: EpochMetrics) => void;
  onStep?: (step: number, steps: number) => void;
}

export interface TrainResult {
  network: Network;
  epochs: EpochMetrics[];
  /** Weight norms before the first step. */
  initialWeightNorms: Record<string, number>;
  /** Best and last test accuracy over the epochs (the official code reports the best). */
  bestTestAcc: number;
  lastTestAcc: number;
}

export function evaluate(net: Network, data: Dataset, limit?: number): { loss: number; acc: number } {
  const split = limit ? take(data.test, limit) : data.test;
  let loss = 0;
  let correct = 0;
  for (const b of evalBatches(data, split, net.spec.batch)) {
    const r = net.evaluate(b.x, b.y);
    const labels = b.y.dataSync();
    for (let i = 0; i < b.real; i++) if (r.predictions[i] === labels[i]) correct++;
    loss += r.loss * b.real; // padded samples shift the batch mean slightly; counted per real sample
    b.x.dispose();
    b.y.dispose();
  }
  return { loss: loss / split.count, acc: (100 * correct) / split.count };
}

export async function train(c: TrainConfig): Promise<TrainResult> {
  const spec = {
    model: c.model,
    rule: c.rule,
    batch: c.batch,
    inputShape: c.data.shape,
    classes: c.data.classes,
    width: c.width,
    seed: c.seed,
    stash: c.stash,
    engine: c.engine,
  };
  const shards = c.workers ?? 1;
  if (shards > 1 && c.recorder) throw new Error('train: a trace records one process: use one worker with a recorder');
  const parallel = shards > 1 ? await DataParallel.start(spec, shards, c.optimizer, tf.getBackend() as BackendName) : undefined;
  try {
    return runEpochs(c, spec, parallel);
  } finally {
    await parallel?.close();
  }
}

function runEpochs(c: TrainConfig, spec: Network['spec'], parallel: DataParallel | undefined): TrainResult {
  const net = parallel?.net ?? new Network(spec);
  const optimizer = parallel?.optimizer ?? new Optimizer(c.optimizer);
  net.updater = optimizer;
  // Evaluation and alignment use their own programs (their batch may differ from a shard's) over the same parameters.
  const evalBatch = c.evalBatch ?? 100;
  const evalNet = evalBatch === net.spec.batch ? net : Network.sharing(net, evalBatch);
  const alignNet = c.alignment ? (c.batch === net.spec.batch ? net : Network.sharing(net, c.batch)) : undefined;
  const rng = Prng.derive(c.seed, 'batches');
  const split = c.trainLimit ? take(c.data.train, c.trainLimit) : c.data.train;
  const steps = Math.floor(split.count / c.batch);
  const epochs: EpochMetrics[] = [];
  let recorder = c.recorder;
  const initialWeightNorms = weightNorms(net);
  const started = performance.now();
  for (let epoch = 0; epoch < c.epochs; epoch++) {
    optimizer.lr = cosineLr(c.optimizer.lr, epoch, c.tMax ?? c.epochs);
    const t0 = performance.now();
    let loss = 0;
    let correct = 0;
    let seen = 0;
    let step = 0;
    for (const b of trainBatches(c.data, split, c.batch, rng, c.augment)) {
      if (parallel) {
        const r = parallel.step(b.x.dataSync() as Float32Array, b.y.dataSync() as Int32Array, optimizer.lr);
        correct += r.correct;
        loss += r.loss * c.batch;
      } else {
        const r = net.trainStep(b.x, b.y, recorder?.onEvent);
        recorder = undefined;
        const labels = b.y.dataSync();
        for (let i = 0; i < c.batch; i++) if (r.predictions[i] === labels[i]) correct++;
        loss += r.loss * c.batch;
      }
      seen += c.batch;
      b.x.dispose();
      b.y.dispose();
      c.onStep?.(++step, steps);
    }
    const seconds = (performance.now() - t0) / 1000;
    const test = evaluate(evalNet, c.data, c.testLimit);
    const m: EpochMetrics = {
      epoch: epoch + 1,
      lr: optimizer.lr,
      trainLoss: loss / Math.max(1, seen),
      trainAcc: (100 * correct) / Math.max(1, seen),
      testLoss: test.loss,
      testAcc: test.acc,
      imagesPerSecond: seen / seconds,
      seconds,
      weightNorms: weightNorms(net),
    };
    if (c.alignment) {
      const first = evalBatches(c.data, take(c.data.test, c.batch), c.batch).next().value!;
      m.alignment = alignment(alignNet!, first.x, first.y);
      tf.dispose([first.x, first.y]);
    }
    epochs.push(m);
    c.onEpoch?.(m);
    const elapsed = (performance.now() - started) / 1000;
    if (c.timeBudgetSeconds !== undefined && elapsed + elapsed / (epoch + 1) > c.timeBudgetSeconds) break;
  }
  optimizer.dispose();
  const accs = epochs.map((e) => e.testAcc);
  return { network: net, epochs, initialWeightNorms, bestTestAcc: Math.max(...accs), lastTestAcc: accs[accs.length - 1] ?? NaN };
}
