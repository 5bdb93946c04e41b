// The Fashion-MNIST learning benchmark (Debian's dataset-fashion-mnist, 60k/10k): the seed's convnet
// (×0.25) under every rule with the official schedule (SGD lr 0.03, momentum 0.9, weight decay 5e-4,
// cosine T_max 200 epochs stepped per epoch, batch 128, test batch 100), so a run cut short follows the
// same learning-rate curve as the full 200 epochs. ASAPSIM_BENCH_LONG=1: full training set, as many epochs
// as fit in ~30 minutes per rule; default: one epoch on the first 12,800 training images (a short check).
// Each rule's best and last test accuracy, its conv weight norms after epoch 1 relative to initialisation,
// and the seed's Table 1 order (MNIST convnet, 200 epochs) beside them.
import { loadDataset } from '../src/engine/data/index.ts';
import { officialSchedule } from '../src/engine/optimizer.ts';
import { train } from '../src/engine/train.ts';
import type { BenchResult } from './result.ts';

/** The seed's Table 1, MNIST convnet test accuracy after 200 epochs (%): its order is the reference. */
export const seedTable1: Record<string, number> = { bp: 99.59, kp: 99.55, asap: 99.32, dfa: 99.28, fa: 99.14 };

export async function fashionBenchmark(rules: string[], workers: number): Promise<BenchResult[]> {
  const long = process.env.ASAPSIM_BENCH_LONG === '1';
  const quick = process.env.ASAPSIM_BENCH_QUICK === '1';
  const data = loadDataset('fashion-mnist');
  const budget = long ? 30 * 60 : Infinity;
  const trainLimit = long ? undefined : quick ? 2560 : 12800;
  const results: BenchResult[] = [];
  const rows: { rule: string; label: string; best: number; last: number; epochs: number }[] = [];
  for (const rule of rules) {
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
    });
    const seconds = (performance.now() - t0) / 1000;
    const label = r.network.rule.label;
    const ratios = Object.entries(r.epochs[0].weightNorms ?? {})
      .filter(([id]) => id.startsWith('conv') && id.endsWith('.weight'))
      .map(([id, v]) => [id.replace('.weight', ''), v / r.initialWeightNorms[id]] as const);
    const growth = ratios.map(([id, g]) => `${id} ×${g.toFixed(1)}`).join(', ');
    r.network.dispose();
    rows.push({ rule, label, best: r.bestTestAcc, last: r.lastTestAcc, epochs: r.epochs.length });
    const what = `${r.epochs.length} epoch(s) of ${trainLimit ?? data.train.count} images, ${workers} worker(s), ${seconds.toFixed(0)} s`;
    results.push({
      name: `learning/fashion-mnist/convnet-x0.25/${label}/best_test_accuracy`,
      metric: 'best test accuracy',
      value: Number(r.bestTestAcc.toFixed(2)),
      unit: '%',
      note: what,
    });
    results.push({
      name: `learning/fashion-mnist/convnet-x0.25/${label}/last_test_accuracy`,
      metric: 'last test accuracy',
      value: Number(r.lastTestAcc.toFixed(2)),
      unit: '%',
    });
    results.push({
      name: `learning/fashion-mnist/convnet-x0.25/${label}/conv_weight_norm_growth_epoch1`,
      metric: 'conv weight norm after epoch 1 / at init',
      value: Number(Math.max(...ratios.map(([, g]) => g)).toFixed(2)),
      unit: '×',
      note: growth,
    });
  }
  const ours = rows.filter((r) => r.rule in seedTable1).sort((a, b) => b.best - a.best);
  const seed = Object.entries(seedTable1).sort((a, b) => b[1] - a[1]);
  results.push({
    name: 'learning/fashion-mnist/order',
    metric: 'rules by best test accuracy (ours | seed Table 1, MNIST)',
    value: ours.length,
    unit: 'rules',
    note: `${ours.map((r) => `${r.rule} ${r.best.toFixed(2)}`).join(' > ')} | ${seed.map(([k, v]) => `${k} ${v}`).join(' > ')}`,
  });
  return results;
}
