// The Fashion-MNIST learning benchmark (Debian's dataset-fashion-mnist, 60k/10k): the seed's convnet
// (×0.25) under every rule with the official schedule (SGD lr 0.03, momentum 0.9, weight decay 5e-4,
// cosine T_max 200 epochs stepped per epoch, batch 128, test batch 100), so a run cut short follows the
// same learning-rate curve as the full 200 epochs. ASAPSIM_BENCH_LONG=1: full training set, as many epochs
// as fit in ASAPSIM_BENCH_MINUTES (default 30) per rule; default: one epoch on the first 12,800 training
// images (a short check). Each rule's best and last test accuracy, its per-epoch test accuracy and conv
// weight norms relative to initialisation (the trajectory behind FA/KP/ASAP's slow start), and the seed's
// Table 1 order (MNIST convnet, 200 epochs) beside them.
// Run alone (the long run): node --import tsx bench/learning-fashion.ts [rule ...] — 1 worker unless
// ASAPSIM_BENCH_WORKERS says otherwise; with ASAPSIM_BENCH_LONG=1 reports/bench/learning-fashion.json is
// rewritten after every rule.
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { availableBackends, chooseBackend } from '../src/engine/backend.ts';
import { loadDataset } from '../src/engine/data/index.ts';
import type { EpochMetrics } from '../src/engine/metrics.ts';
import { officialSchedule } from '../src/engine/optimizer.ts';
import { train } from '../src/engine/train.ts';
import { writeFileAtomic } from '../src/util/atomic.ts';
import { TOOL, VERSION } from '../src/util/version.ts';
import type { BenchResult } from './result.ts';

/** The seed's Table 1, MNIST convnet test accuracy after 200 epochs (%): its order is the reference. */
export const seedTable1: Record<string, number> = { bp: 99.59, kp: 99.55, asap: 99.32, dfa: 99.28, fa: 99.14 };

// as and asap with k = 2, the convnet's only sharing pattern; asap+bp-classifier separates what the official
// layout's FA classifier costs from what activation sharing and asymmetric paths cost.
export const LEARNING_RULES = ['bp', 'fa', 'dfa', 'kp', 'as', 'asap', 'asap+bp-classifier'];

export const FASHION_PROGRESS_FILE = join('reports', 'bench', 'learning-fashion.json');

interface RuleRun {
  rule: string;
  label: string;
  best: number;
  last: number;
  seconds: number;
  cpuSeconds: number;
  loadBefore: number[];
  loadAfter: number[];
  initialWeightNorms: Record<string, number>;
  epochs: EpochMetrics[];
}

function budgetSeconds(long: boolean): number {
  if (!long) return Infinity;
  const minutes = Number(process.env.ASAPSIM_BENCH_MINUTES ?? 30);
  if (!(minutes > 0)) throw new Error(`ASAPSIM_BENCH_MINUTES: expected a positive number of minutes, got ${process.env.ASAPSIM_BENCH_MINUTES}`);
  return minutes * 60;
}

/** Conv weight norm at the end of an epoch / at initialisation, per conv layer. */
function convGrowth(norms: Record<string, number> | undefined, initial: Record<string, number>): [string, number][] {
  return Object.entries(norms ?? {})
    .filter(([id]) => id.startsWith('conv') && id.endsWith('.weight'))
    .map(([id, v]) => [id.replace('.weight', ''), v / initial[id]]);
}

const growthText = (g: [string, number][]) => g.map(([id, x]) => `${id} ×${x.toFixed(1)}`).join(', ');

export async function fashionBenchmark(rules: string[], workers: number): Promise<BenchResult[]> {
  const long = process.env.ASAPSIM_BENCH_LONG === '1';
  const quick = process.env.ASAPSIM_BENCH_QUICK === '1';
  const data = loadDataset('fashion-mnist');
  const budget = budgetSeconds(long);
  const trainLimit = long ? undefined : quick ? 2560 : 12800;
  const results: BenchResult[] = [];
  const runs: RuleRun[] = [];
  for (const rule of rules) {
    const loadBefore = loadavg();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await train({
      model: 'convnet',
      rule,
      width: 0.25,
      batch: officialSchedule.batch,
      evalBatch: officialSchedule.evalBatch,
      epochs: long ? officialSchedule.tMax : 1,
      tMax: officialSchedule.tMax,
      seed: 1,
      optimizer: { ...officialSchedule.optimizer },
      augment: false,
      data,
      trainLimit,
      workers,
      timeBudgetSeconds: budget,
      onEpoch: (m) =>
        console.error(
          `    fashion-mnist ${rule} epoch ${m.epoch}: test ${m.testAcc.toFixed(2)}%, ${m.imagesPerSecond.toFixed(0)} img/s, load ${loadavg()[0].toFixed(1)}`,
        ),
    });
    const cpu = process.cpuUsage(cpu0);
    const run: RuleRun = {
      rule,
      label: r.network.rule.label,
      best: r.bestTestAcc,
      last: r.lastTestAcc,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loadBefore,
      loadAfter: loadavg(),
      initialWeightNorms: r.initialWeightNorms,
      epochs: r.epochs,
    };
    r.network.dispose();
    runs.push(run);
    results.push(...ruleResults(run, trainLimit ?? data.train.count, workers));
    if (long) writeProgress(runs, results, { long, quick, budget, trainLimit, workers });
  }
  results.push(orderResult(runs));
  if (long) writeProgress(runs, results, { long, quick, budget, trainLimit, workers });
  return results;
}

function ruleResults(run: RuleRun, images: number, workers: number): BenchResult[] {
  const prefix = `learning/fashion-mnist/convnet-x0.25/${run.label}`;
  const load = `load average ${run.loadBefore[0].toFixed(1)} → ${run.loadAfter[0].toFixed(1)}`;
  const first = convGrowth(run.epochs[0].weightNorms, run.initialWeightNorms);
  console.error(`  fashion-mnist ${run.label}: best ${run.best.toFixed(2)}%, last ${run.last.toFixed(2)}% (${run.epochs.length} epochs; ${growthText(first)})`);
  const out: BenchResult[] = [
    {
      name: `${prefix}/best_test_accuracy`,
      metric: 'best test accuracy',
      value: Number(run.best.toFixed(2)),
      unit: '%',
      note: `${run.epochs.length} epoch(s) of ${images} images, ${workers} worker(s), ${run.seconds.toFixed(0)} s wall, ${run.cpuSeconds.toFixed(0)} s CPU, ${load}`,
    },
    { name: `${prefix}/last_test_accuracy`, metric: 'last test accuracy', value: Number(run.last.toFixed(2)), unit: '%' },
    { name: `${prefix}/epochs`, metric: 'epochs completed (of the 200-epoch cosine)', value: run.epochs.length, unit: 'epochs', note: load },
  ];
  for (const m of run.epochs) {
    const g = convGrowth(m.weightNorms, run.initialWeightNorms);
    out.push({
      name: `${prefix}/epoch${m.epoch}/conv_weight_norm_growth`,
      metric: 'largest conv weight norm / at init',
      value: Number(Math.max(...g.map(([, x]) => x)).toFixed(2)),
      unit: '×',
      note: `test ${m.testAcc.toFixed(2)}%, lr ${m.lr.toFixed(4)}; ${growthText(g)}`,
    });
  }
  return out;
}

function orderResult(runs: RuleRun[]): BenchResult {
  const ours = runs.filter((r) => r.rule in seedTable1).sort((a, b) => b.best - a.best);
  const seed = Object.entries(seedTable1).sort((a, b) => b[1] - a[1]);
  return {
    name: 'learning/fashion-mnist/order',
    metric: 'rules by best test accuracy (ours | seed Table 1, MNIST)',
    value: ours.length,
    unit: 'rules',
    note: `${ours.map((r) => `${r.rule} ${r.best.toFixed(2)}`).join(' > ')} | ${seed.map(([k, v]) => `${k} ${v}`).join(' > ')}`,
  };
}

interface ProgressSettings {
  long: boolean;
  quick: boolean;
  budget: number;
  trainLimit: number | undefined;
  workers: number;
}

/** The long run's record (per-epoch metrics and weight norms included), rewritten after every rule so a run
 * stopped early leaves the rules it finished; the short runs are in bench/run.ts's learning.json. */
function writeProgress(runs: RuleRun[], results: BenchResult[], s: ProgressSettings): void {
  mkdirSync(join('reports', 'bench'), { recursive: true });
  const producer = {
    tool: TOOL,
    version: VERSION,
    command: process.argv.slice(1).join(' '),
    env: { ASAPSIM_BENCH_LONG: s.long, ASAPSIM_BENCH_QUICK: s.quick, ASAPSIM_BENCH_MINUTES: process.env.ASAPSIM_BENCH_MINUTES ?? null },
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    writtenAt: new Date().toISOString(),
  };
  const settings = { budgetSecondsPerRule: Number.isFinite(s.budget) ? s.budget : null, trainLimit: s.trainLimit ?? null, workers: s.workers };
  writeFileAtomic(FASHION_PROGRESS_FILE, JSON.stringify({ producer, settings, results, runs }, null, 2) + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rules = process.argv.slice(2);
  const workers = Number(process.env.ASAPSIM_BENCH_WORKERS ?? 1);
  await chooseBackend((await availableBackends())[0]);
  for (const r of await fashionBenchmark(rules.length ? rules : LEARNING_RULES, workers)) console.log(JSON.stringify(r));
}
