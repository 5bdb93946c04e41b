// asapsim train: trains a model under a learning rule on the engine; writes per-epoch metrics (JSONL),
// the learning-curve chart (Vega-Lite), a safetensors checkpoint and, if asked, the first step's trace.
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { chooseBackend, parseBackend } from '../engine/backend.ts';
import { saveCheckpoint } from '../engine/checkpoint.ts';
import { loadDataset } from '../engine/data/index.ts';
import { writeMetrics } from '../engine/metrics.ts';
import { writeLearningCurve } from '../report/charts/learning-curves.ts';
import { defaultOptimizer, officialSchedule } from '../engine/optimizer.ts';
import { availableParallelism } from 'node:os';
import { TraceRecorder, realTraceHeader } from '../engine/trace-recorder.ts';
import { train } from '../engine/train.ts';
import { models } from '../net/models/index.ts';
import { parseRuleChoice } from '../net/rules/index.ts';
import { stashPolicies } from '../trace/stash.ts';

/** Stash policies the engine's kernels execute: the others add recompute ops that only the replay models. */
const trainableStash = ['compact', 'pytorch'];
import { UserError } from '../util/errors.ts';
import { TOOL, VERSION } from '../util/version.ts';
import { asArgument, commandLine, dataHelp, engineDataName, modelName, positiveInt, positiveNumber, widthMultiplier } from './options.ts';
import { addExamples } from './help.ts';
import { hasOwn } from '../util/lookup.ts';

const number =
  (flag: string, check: (n: number) => boolean, what: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || !check(n)) throw new InvalidArgumentError(`${flag} expects ${what}, got "${v}"`);
    return n;
  };
const nonNegative = (flag: string) => number(flag, (n) => n >= 0, 'a number ≥ 0');

/** --rule: a rule the net layer parses (as/asap take k: asap:4), kept as typed. */
export const ruleName = asArgument((v: string): string => {
  parseRuleChoice(v);
  return v;
});

interface TrainFlags {
  model: string;
  rule: string;
  data: string;
  dataDir?: string;
  width: number;
  batch: number;
  epochs: number;
  lr?: number;
  optimizer: string;
  momentum: number;
  weightDecay?: number;
  seed: number;
  augment: boolean;
  backend: string;
  trainLimit?: number;
  testLimit?: number;
  stash: string;
  faConvB: string;
  faBInit: string;
  schedule: string;
  workers?: number;
  testBatch?: number;
  alignment: boolean;
  out: string;
  traceOut?: string;
  force: boolean;
  quiet: boolean;
}

export function register(program: Command): void {
  program
    .command('train')
    .description('train a model under a learning rule on TensorFlow.js (metrics, learning curve, checkpoint, optional trace)')
    .option('--model <name>', `model: ${Object.keys(models).join(', ')}`, modelName, 'convnet')
    .option('--rule <rule>', 'learning rule: bp, fa, dfa, kp, as, asap (as/asap take k: asap:4)', ruleName, 'bp')
    .option('--data <name>', dataHelp, 'mnist')
    .option('--data-dir <dir>', 'folder with the dataset files (MNIST/Fashion-MNIST IDX, CIFAR binary batches, SVHN .mat)')
    .option('--width <x>', 'channel multiplier (1 = published widths)', widthMultiplier('--width'), 1)
    .option('--batch <n>', 'batch size', positiveInt('--batch'), 128)
    .option('--test-batch <n>', 'evaluation batch size (default 100)', positiveInt('--test-batch'))
    .option('--epochs <n>', 'epochs (cosine LR over this many, unless --schedule official)', positiveInt('--epochs'), 1)
    .option(
      '--schedule <name>',
      "epochs: cosine over --epochs; official: the seed's SGD lr 0.03, momentum 0.9, weight decay 5e-4, cosine T_max 200 whatever --epochs, batch 128, test batch 100",
      'epochs',
    )
    .option('--workers <n>', `data-parallel worker threads (default: all ${availableParallelism()} cores; 1 with --trace-out)`, positiveInt('--workers'))
    .option('--lr <x>', 'learning rate (default 0.03, the official code)', positiveNumber('--lr'))
    .option('--optimizer <name>', 'sgd or adam', 'sgd')
    .option('--momentum <x>', 'SGD momentum', nonNegative('--momentum'), 0.9)
    .option('--weight-decay <x>', 'weight decay (default 5e-4 for SGD, 0 for Adam, as the official code)', nonNegative('--weight-decay'))
    .option(
      '--seed <n>',
      'seed of init, shuffling and augmentation',
      number('--seed', (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0'),
      1,
    )
    .option('--augment', 'random crop (4-pixel padding) and horizontal flip', false)
    .option('--backend <name>', 'auto, node, wasm or cpu', 'auto')
    .option('--train-limit <n>', 'use only the first n training samples', positiveInt('--train-limit'))
    .option('--test-limit <n>', 'use only the first n test samples', positiveInt('--test-limit'))
    .option('--stash <policy>', `stash policy of the step program: ${trainableStash.join(', ')} (the others recompute in backward: simulation only)`, 'compact')
    .option('--fa-conv-b <mode>', "FA conv feedback: independent (genuine FA) or w-init (the official code's B = W at init)", 'independent')
    .option('--fa-b-init <law>', "FA linear B: official (U(-1, 1), the seed's Linear_FA) or scaled (W's own law, U(±√(6/fan_in)))", 'official')
    .option('--alignment', 'record per-layer alignment angles each epoch', false)
    .option('-o, --out <dir>', 'output directory (metrics.jsonl, learning-curve.vl.json, checkpoint.safetensors)', 'runs/train')
    .option('--trace-out <file>', 'write the first training step as an op trace (.jsonl)')
    .option('--force', 'overwrite existing outputs', false)
    .option('--quiet', 'no per-epoch lines', false)
    .action(async (f: TrainFlags, cmd: Command) => {
      // Loaded when the command runs, not for --help (bench/startup.ts).
      const [
        { chooseBackend, parseBackend },
        { saveCheckpoint },
        { loadDataset },
        { writeMetrics },
        { writeLearningCurve },
        { defaultOptimizer, officialSchedule },
        { TraceRecorder, realTraceHeader },
        { train },
        { assertWritableFile },
      ] = await Promise.all([
        import('../engine/backend.ts'),
        import('../engine/checkpoint.ts'),
        import('../engine/data/index.ts'),
        import('../engine/metrics.ts'),
        import('../report/charts/learning-curves.ts'),
        import('../engine/optimizer.ts'),
        import('../engine/trace-recorder.ts'),
        import('../engine/train.ts'),
        import('../util/atomic.ts'),
      ]);
      if (f.optimizer !== 'sgd' && f.optimizer !== 'adam') throw new UserError(`--optimizer: expected sgd or adam, got "${f.optimizer}"`);
      if (!hasOwn(stashPolicies, f.stash) || !trainableStash.includes(f.stash))
        throw new UserError(
          `--stash: expected one of ${trainableStash.join(', ')}, got "${f.stash}"${hasOwn(stashPolicies, f.stash) ? ' (its recompute ops run in the simulator, not in the training engine)' : ''}`,
        );
      if (f.faConvB !== 'independent' && f.faConvB !== 'w-init') throw new UserError(`--fa-conv-b: expected independent or w-init, got "${f.faConvB}"`);
      if (f.faBInit !== 'official' && f.faBInit !== 'scaled') throw new UserError(`--fa-b-init: expected official or scaled, got "${f.faBInit}"`);
      if (f.schedule !== 'epochs' && f.schedule !== 'official') throw new UserError(`--schedule: expected epochs or official, got "${f.schedule}"`);
      const official = f.schedule === 'official';
      if (official) {
        const given = (['lr', 'weightDecay', 'optimizer', 'momentum', 'batch', 'testBatch'] as const).filter((k) => cmd.getOptionValueSource(k) === 'cli');
        const flag = (k: string) => `--${k.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
        if (given.length) throw new UserError(`--schedule official fixes the optimizer: drop ${given.map(flag).join(', ')}`);
      }
      if (f.traceOut && f.workers !== undefined && f.workers > 1)
        throw new UserError("--trace-out records one process's step: use --workers 1 (or leave --workers out)");
      const workers = f.traceOut ? 1 : (f.workers ?? availableParallelism());
      if (workers > f.batch) throw new UserError(`--workers: at most --batch (${f.batch}) workers, got ${workers}`);
      const metricsPath = join(f.out, 'metrics.jsonl');
      // Every file this run would write is claimed and checked before training starts.
      for (const path of [metricsPath, join(f.out, 'learning-curve.vl.json'), join(f.out, 'checkpoint.safetensors'), ...(f.traceOut ? [f.traceOut] : [])])
        assertWritableFile(path, f.force);
      const backend = await chooseBackend(parseBackend(f.backend), (l) => console.log(l));
      const data = loadDataset(engineDataName(f.data, f.dataDir), f.dataDir);
      const optimizer = official ? { ...officialSchedule.optimizer } : { ...defaultOptimizer(f.optimizer), momentum: f.momentum };
      if (!official && f.lr !== undefined) optimizer.lr = f.lr;
      if (!official && f.weightDecay !== undefined) optimizer.weightDecay = f.weightDecay;
      const tMax = official ? officialSchedule.tMax : f.epochs;
      const testBatch = f.testBatch ?? officialSchedule.evalBatch;
      const recorder = f.traceOut ? new TraceRecorder() : undefined;
      const tty = process.stderr.isTTY && !f.quiet;
      console.log(
        `schedule: ${f.schedule} (${optimizer.kind}, lr ${optimizer.lr}, momentum ${optimizer.momentum}, weight decay ${optimizer.weightDecay}, cosine T_max ${tMax} epochs, batch ${f.batch}, test batch ${testBatch}); workers: ${workers}; FA linear B: ${f.faBInit}`,
      );
      const result = await train({
        model: f.model,
        rule: f.rule,
        width: f.width,
        batch: f.batch,
        epochs: f.epochs,
        tMax,
        seed: f.seed,
        optimizer,
        workers,
        evalBatch: testBatch,
        augment: f.augment,
        data,
        stash: f.stash,
        engine: { faConvB: f.faConvB as 'independent' | 'w-init', faBInit: f.faBInit as 'official' | 'scaled' },
        trainLimit: f.trainLimit,
        testLimit: f.testLimit,
        alignment: f.alignment,
        recorder,
        onStep: tty ? (s, n) => process.stderr.write(`\r  step ${s}/${n}`) : undefined,
        onEpoch: (m) => {
          if (tty) process.stderr.write('\r\x1b[K');
          if (!f.quiet)
            console.log(
              `epoch ${m.epoch}: lr ${m.lr.toPrecision(3)}  train loss ${m.trainLoss.toFixed(4)} acc ${m.trainAcc.toFixed(2)}%  test loss ${m.testLoss.toFixed(4)} acc ${m.testAcc.toFixed(2)}%  ${m.imagesPerSecond.toFixed(0)} img/s`,
            );
        },
      });
      const header = {
        tool: 'asapsim train',
        command: commandLine(process.argv),
        backend,
        model: f.model,
        rule: result.network.rule.label,
        data: data.source,
        width: f.width,
        batch: f.batch,
        testBatch,
        seed: f.seed,
        optimizer,
        schedule: f.schedule,
        cosineTMax: tMax,
        workers,
        faConvB: f.faConvB,
        faBInit: f.faBInit,
        initialWeightNorms: result.initialWeightNorms,
        bestTestAcc: result.bestTestAcc,
        lastTestAcc: result.lastTestAcc,
      };
      writeMetrics(metricsPath, result.epochs, header);
      writeLearningCurve(
        join(f.out, 'learning-curve.vl.json'),
        result.epochs,
        result.network.rule.label,
        `${f.model} on ${data.name}; produced by ${TOOL} ${VERSION}: ${header.command}`,
      );
      saveCheckpoint(join(f.out, 'checkpoint.safetensors'), result.network, { epoch: f.epochs, data: data.name, backend, command: header.command });
      if (recorder && f.traceOut) recorder.write(f.traceOut, realTraceHeader(result.network, backend));
      console.log(`test accuracy: best ${result.bestTestAcc.toFixed(2)}%, last ${result.lastTestAcc.toFixed(2)}%`);
      console.log(`${f.out}: metrics.jsonl, learning-curve.vl.json, checkpoint.safetensors${f.traceOut ? `; trace ${f.traceOut}` : ''}`);
      result.network.dispose();
    });
  addExamples(program.commands.at(-1)!, [
    ['asapsim train --rule asap --width 0.25 --epochs 8', 'ASAP on the bundled MNIST digits (offline), a quarter-width convnet'],
    ['asapsim train --rule bp --model resnet18 --data cifar10 --data-dir ~/data/cifar-10-batches-bin --augment -o runs/bp', 'ResNet-18 on CIFAR-10 files'],
    ['asapsim report --from runs/train', 'then: the learning curves of the run as a report'],
  ]);
}
