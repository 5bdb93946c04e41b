// Training throughput: images/s of one training step per rule, model and backend, with 1 and 2
// data-parallel workers (the same run, back to back, so a shared machine's load hits both alike), and
// PyTorch 1-thread on the same BP step (bench/torch-step.py, when Debian's python3-torch is installed: a
// reference column, never a dependency). Random inputs: speed does not depend on the data.
// Used by `npm run bench -- learning`, and alone as `npm run bench -- learning-speed` (wasm, BP, the three
// cases, a table on stderr): ASAPSIM_SPEED_RULES=bp,asap (or all), ASAPSIM_SPEED_CASES=convnet-x1,...,
// ASAPSIM_SPEED_WORKERS=1,2, ASAPSIM_SPEED_BACKEND=cpu, ASAPSIM_BENCH_QUICK=1 (one round of one step).
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Network } from '../src/engine/network.ts';
import { Optimizer, defaultOptimizer } from '../src/engine/optimizer.ts';
import { DataParallel } from '../src/engine/parallel/data-parallel.ts';
import { chooseBackend, parseBackend, type BackendName } from '../src/engine/backend.ts';
import { textTable } from '../src/report/format.ts';
import { Prng } from '../src/util/prng.ts';
import type { BenchResult } from './result.ts';

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

export interface StepSpeed {
  imagesPerSecond: number;
  /** CPU time (user + system, every thread of the process: the workers too) per step. */
  cpuSecondsPerStep: number;
}

/** Images/s over `steps` steps after one warm-up step; workers = 1 is the plain one-process step. */
export async function imagesPerSecond(c: SpeedCase, rule: string, workers: number, steps: number, backend: BackendName): Promise<number> {
  return (await stepSpeed(c, rule, workers, steps, backend)).imagesPerSecond;
}

export async function stepSpeed(c: SpeedCase, rule: string, workers: number, steps: number, backend: BackendName): Promise<StepSpeed> {
  const spec = { model: c.model, rule, batch: c.batch, inputShape: c.inputShape, classes: c.classes, width: c.width, seed: 1 };
  const { xs, ys } = randomBatch(c);
  let t0 = 0;
  let cpu0 = process.cpuUsage();
  const start = () => {
    t0 = performance.now();
    cpu0 = process.cpuUsage();
  };
  if (workers === 1) {
    const net = new Network(spec);
    net.updater = new Optimizer(defaultOptimizer());
    const [ch, h, w] = c.inputShape;
    const x = tf.tensor4d(xs, [c.batch, h, w, ch]);
    const y = tf.tensor1d(ys, 'int32');
    for (let i = 0; i <= steps; i++) {
      if (i === 1) start();
      net.trainStep(x, y);
    }
    tf.dispose([x, y]);
    net.dispose();
  } else {
    const dp = await DataParallel.start(spec, workers, defaultOptimizer(), backend);
    try {
      for (let i = 0; i <= steps; i++) {
        if (i === 1) start();
        dp.step(xs, ys, 0.03);
      }
    } finally {
      await dp.close();
      dp.net.dispose();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { imagesPerSecond: (steps * c.batch) / seconds, cpuSecondsPerStep: (cpu.user + cpu.system) / 1e6 / steps };
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

const ALL_RULES = ['bp', 'fa', 'dfa', 'kp', 'as', 'asap', 'asap+bp-classifier'];

function listEnv(name: string, fallback: string[], allowed: string[]): string[] {
  const text = process.env[name];
  if (!text) return fallback;
  const items = text === 'all' ? allowed : text.split(',').map((t) => t.trim());
  const bad = items.filter((i) => !allowed.includes(i));
  if (bad.length) throw new Error(`${name}: unknown ${bad.join(', ')}; expected ${allowed.join(', ')} or all`);
  return items;
}

/** `npm run bench -- learning-speed`: the throughput table alone (see the header for the knobs). */
export async function run(): Promise<BenchResult[]> {
  const quick = process.env.ASAPSIM_BENCH_QUICK === '1';
  const rules = listEnv('ASAPSIM_SPEED_RULES', ['bp'], ALL_RULES);
  const cases = listEnv('ASAPSIM_SPEED_CASES', Object.keys(speedCases), Object.keys(speedCases));
  const workers = listEnv('ASAPSIM_SPEED_WORKERS', ['1', '2'], ['1', '2', '3', '4', '6', '8']).map(Number);
  const choice = parseBackend(process.env.ASAPSIM_SPEED_BACKEND ?? 'wasm');
  const backend = await chooseBackend(choice);
  const steps = quick ? 1 : 2;
  const rounds = quick ? 1 : 2;
  const results: BenchResult[] = [];
  const rows: string[][] = [];
  for (const caseName of cases) {
    const c = speedCases[caseName];
    const torch = torchImagesPerSecond(c, quick ? 1 : 3);
    for (const rule of rules) {
      // the worker counts alternate, `rounds` times; the best of each is reported (the least disturbed
      // by other load on a shared machine), and ratios of the bests
      const best = new Map<number, StepSpeed>();
      for (let round = 0; round < rounds; round++)
        for (const w of workers) {
          const s = await stepSpeed(c, rule, w, steps, backend);
          console.error(
            `  ${caseName} ${rule} ${backend} ${w} worker(s): ${s.imagesPerSecond.toFixed(1)} images/s, ${s.cpuSecondsPerStep.toFixed(2)} CPU s/step`,
          );
          if (s.imagesPerSecond > (best.get(w)?.imagesPerSecond ?? 0)) best.set(w, s);
        }
      const one = best.get(workers[0])!.imagesPerSecond;
      for (const w of workers) {
        const s = best.get(w)!;
        const ratio = s.imagesPerSecond / one;
        const torchCell = rule === 'bp' && torch ? torch.value.toFixed(1) : '';
        rows.push([caseName, rule, backend, String(w), s.imagesPerSecond.toFixed(1), ratio.toFixed(2), s.cpuSecondsPerStep.toFixed(2), torchCell]);
        results.push({
          name: `learning/speed/${caseName}/${rule}/${backend}/workers${w}`,
          metric: 'training throughput',
          value: Number(s.imagesPerSecond.toFixed(1)),
          unit: 'images/s',
          note: `batch ${c.batch}, best of ${rounds} × ${steps} step(s) after a warm-up; ${s.cpuSecondsPerStep.toFixed(2)} CPU s/step`,
        });
        if (w !== workers[0])
          results.push({
            name: `learning/speed/${caseName}/${rule}/${backend}/speedup_${w}_workers`,
            metric: `${w} workers / ${workers[0]} worker(s)`,
            value: Number(ratio.toFixed(2)),
            unit: '×',
            target: w === 2 && workers[0] === 1 ? 1.8 : undefined,
            pass: quick || w !== 2 || workers[0] !== 1 ? undefined : ratio >= 1.8,
            note: `${availableParallelism()} cores; load average at the end ${loadavg()[0].toFixed(1)}`,
          });
      }
    }
    results.push({
      name: `learning/speed/${caseName}/bp/pytorch-1thread`,
      metric: 'training throughput',
      value: torch ? Number(torch.value.toFixed(1)) : NaN,
      unit: 'images/s',
      note: torch ? `torch ${torch.version}, same graph (bench/torch-step.py)` : 'python3-torch not installed (apt-get install python3-torch)',
    });
  }
  console.error(
    '\n' +
      textTable(['case', 'rule', 'backend', 'workers', 'images/s', '× 1 worker', 'CPU s/step', 'PyTorch 1-thread images/s'], rows) +
      `\nload average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (CPU s/step counts every thread: with 2 workers, both)\n`,
  );
  return results;
}
