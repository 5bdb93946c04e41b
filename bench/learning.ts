// npm run bench -- learning: (1) training throughput, images/s per rule, model and backend with 1 and 2
// data-parallel workers, PyTorch 1-thread on the same BP step beside them (bench/learning-speed.ts);
// (2) the bundled-MNIST accuracy bar (convnet ×0.25, 8k train / 2k test, 8 epochs, SGD with the official
// defaults and cosine over the run: BP ≥ 97%, ASAP within 2 points of BP); (3) Fashion-MNIST for every
// rule with the official schedule, beside the seed's Table 1 order (bench/learning-fashion.ts; skipped,
// with a note, when Debian's dataset-fashion-mnist is not installed).
// ASAPSIM_BENCH_QUICK=1: a smoke run (1 epoch, few steps; bars not judged). ASAPSIM_BENCH_LONG=1: every
// rule in every throughput case and backend, and Fashion-MNIST on 60k images for ASAPSIM_BENCH_MINUTES
// (default 30) per rule.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { availableBackends, chooseBackend, type BackendName } from '../src/engine/backend.ts';
import { bundledMnist } from '../src/engine/data/bundled-mnist.ts';
import { DEBIAN_FASHION_DIR } from '../src/engine/data/index.ts';
import { defaultOptimizer } from '../src/engine/optimizer.ts';
import { train } from '../src/engine/train.ts';
import { fashionBenchmark, LEARNING_RULES } from './learning-fashion.ts';
import { imagesPerSecond, speedCases, torchImagesPerSecond } from './learning-speed.ts';
import type { BenchResult } from './result.ts';

const RULES = LEARNING_RULES;

async function throughput(backends: BackendName[], quick: boolean, long: boolean): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const steps = quick ? 1 : 2;
  const rounds = quick ? 1 : 2;
  const workers = [1, 2];
  for (const [caseName, c] of Object.entries(speedCases)) {
    const rules = caseName === 'convnet-x0.25' || long ? RULES : ['bp', 'asap'];
    for (const backend of backends) {
      // the pure-JS backend is ~30× slower than wasm: one model, and only bp and asap unless long
      if (backend === 'cpu' && caseName !== 'convnet-x0.25') continue;
      await chooseBackend(backend);
      for (const rule of backend === 'cpu' && !long ? ['bp', 'asap'] : rules) {
        // 1 and 2 workers alternate, `rounds` times; the best of each is reported (the least disturbed by
        // other load on a shared machine), and the ratio of the two bests
        const best = new Map<number, number>();
        for (let round = 0; round < rounds; round++)
          for (const w of workers) {
            const ips = await imagesPerSecond(c, rule, w, steps, backend);
            console.error(`  ${caseName} ${rule} ${backend} ${w} worker(s): ${ips.toFixed(1)} images/s`);
            best.set(w, Math.max(best.get(w) ?? 0, ips));
          }
        for (const w of workers)
          results.push({
            name: `learning/speed/${caseName}/${rule}/${backend}/workers${w}`,
            metric: 'training throughput',
            value: Number(best.get(w)!.toFixed(1)),
            unit: 'images/s',
            note: `batch ${c.batch}, best of ${rounds} × ${steps} step(s) after a warm-up`,
          });
        results.push({
          name: `learning/speed/${caseName}/${rule}/${backend}/speedup_2_workers`,
          metric: '2 workers / 1 worker',
          value: Number((best.get(2)! / best.get(1)!).toFixed(2)),
          unit: '×',
          target: 1.8,
          pass: quick ? undefined : best.get(2)! / best.get(1)! >= 1.8,
          note: `${availableParallelism()} cores; load average at the end ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
        });
      }
    }
    const torch = torchImagesPerSecond(c, steps);
    results.push(
      torch
        ? {
            name: `learning/speed/${caseName}/bp/pytorch-1thread`,
            metric: 'training throughput',
            value: Number(torch.value.toFixed(1)),
            unit: 'images/s',
            note: `torch ${torch.version}, same graph (bench/torch-step.py)`,
          }
        : {
            name: `learning/speed/${caseName}/bp/pytorch-1thread`,
            metric: 'training throughput',
            value: NaN,
            unit: 'images/s',
            note: 'python3-torch not installed (apt-get install python3-torch)',
          },
    );
  }
  return results;
}

async function mnistBar(quick: boolean, workers: number): Promise<BenchResult[]> {
  const epochs = quick ? 1 : 8;
  const trainLimit = quick ? 2048 : 8000;
  const data = bundledMnist();
  const results: BenchResult[] = [];
  const acc = new Map<string, number>();
  for (const rule of RULES) {
    const r = await train({
      model: 'convnet',
      rule,
      width: 0.25,
      batch: 128,
      epochs,
      seed: 1,
      optimizer: defaultOptimizer(),
      augment: false,
      data,
      trainLimit,
      evalBatch: 100,
      workers,
    });
    const label = r.network.rule.label;
    r.network.dispose();
    acc.set(rule, r.lastTestAcc);
    console.error(`  mnist-bundled ${label}: ${r.lastTestAcc.toFixed(2)}%`);
    results.push({
      name: `learning/mnist-bundled/convnet-x0.25/${label}/test_accuracy`,
      metric: 'test accuracy',
      value: Number(r.lastTestAcc.toFixed(2)),
      unit: '%',
      note: `${epochs} epochs, ${trainLimit} train / ${data.test.count} test, ${workers} worker(s)`,
    });
  }
  const bp = acc.get('bp')!;
  const gap = (rule: string) => Number((bp - acc.get(rule)!).toFixed(2));
  results.push({ name: 'learning/bar/bp', metric: 'BP test accuracy', value: bp, unit: '%', target: 97, pass: quick ? undefined : bp >= 97 });
  results.push({
    name: 'learning/bar/asap_gap',
    metric: 'BP − ASAP test accuracy',
    value: gap('asap'),
    unit: 'points',
    target: 2,
    pass: quick ? undefined : gap('asap') <= 2,
  });
  results.push({
    name: 'learning/asap_gap_with_bp_classifier',
    metric: 'BP − ASAP(+bp-classifier) test accuracy',
    value: gap('asap+bp-classifier'),
    unit: 'points',
    note: 'the FC layers trained by BP: the gap left to activation sharing itself',
  });
  return results;
}

export async function run(): Promise<BenchResult[]> {
  const quick = process.env.ASAPSIM_BENCH_QUICK === '1';
  const long = process.env.ASAPSIM_BENCH_LONG === '1';
  const backends = await availableBackends();
  const workers = Math.min(2, availableParallelism());
  const results = await throughput(backends, quick, long);
  await chooseBackend(backends[0]);
  results.push(...(await mnistBar(quick, workers)));
  if (existsSync(DEBIAN_FASHION_DIR)) results.push(...(await fashionBenchmark(RULES, workers)));
  else
    results.push({
      name: 'learning/fashion-mnist',
      metric: 'skipped',
      value: NaN,
      unit: '',
      note: `${DEBIAN_FASHION_DIR} missing: apt-get install dataset-fashion-mnist`,
    });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
