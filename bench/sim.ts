// Simulator benchmarks: analytic vs cycle DRAM time on the shipped configs; replay speed of CIFAR ResNet-18
// (batch 128, BP and ASAP) in both modes; ImageNet ResNet-18 at batch 256 in both modes, with peak RSS;
// and the cycle model's per-op sampling against full simulation.
import { loadArch, type LoadedArch } from '../src/arch/loader.ts';
import { compare } from '../src/analysis/compare.ts';
import { parseRuleChoice } from '../src/net/rules/index.ts';
import type { BenchResult } from './result.ts';
import { DRAM_MODES, type DramMode } from '../src/dram/dram.ts';

const config = (name: string) => loadArch(new URL(`../arch-configs/${name}.yaml`, import.meta.url).pathname);

function replayOne(
  arch: LoadedArch,
  rule: string,
  mode: DramMode,
  input: { shape: [number, number, number]; classes: number; batch: number },
  sampleLimit?: number,
) {
  const config = sampleLimit === undefined ? arch.config : { ...arch.config, dram: { ...arch.config.dram, sample_limit: sampleLimit } };
  const t0 = performance.now();
  const { runs } = compare({
    model: 'resnet18',
    rules: [parseRuleChoice(rule)],
    batch: input.batch,
    inputShape: input.shape,
    classes: input.classes,
    width: 1,
    arch: { ...arch, config },
    dramModel: mode,
  });
  return { result: runs[0], seconds: (performance.now() - t0) / 1000 };
}

const cifar = { shape: [3, 32, 32] as [number, number, number], classes: 10, batch: 128 };
const imagenet = { shape: [3, 224, 224] as [number, number, number], classes: 1000, batch: 256 };

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const quick = !!process.env.ASAPSIM_BENCH_QUICK;

  // Replay speed, CIFAR ResNet-18 b128, BP + ASAP.
  const edge = config('edge');
  for (const mode of DRAM_MODES) {
    const runs = ['bp', 'asap'].map((r) => replayOne(edge, r, mode, cifar));
    const seconds = runs.reduce((a, r) => a + r.seconds, 0);
    const target = mode === 'analytic' ? 2 : 60;
    out.push({
      name: `replay speed, ${mode}`,
      metric: 'ResNet-18 b128 BP+ASAP, edge',
      value: seconds,
      unit: 's',
      target: `< ${target} s`,
      pass: seconds < target,
      note: mode === 'cycle' ? 'goal 30 s; sample_limit 4 MiB' : undefined,
    });
  }

  // Analytic vs cycle DRAM time on each shipped config.
  for (const name of ['edge', 'mid', 'datacenter']) {
    const arch = config(name);
    for (const rule of ['bp', 'asap']) {
      const a = replayOne(arch, rule, 'analytic', cifar).result;
      const c = replayOne(arch, rule, 'cycle', cifar).result;
      const err = (a.time.dramBusyNs - c.time.dramBusyNs) / c.time.dramBusyNs;
      out.push({
        name: `analytic vs cycle, ${name}`,
        metric: `${rule} DRAM time error`,
        value: err * 100,
        unit: '%',
        target: '|err| < 10%',
        pass: Math.abs(err) < 0.1,
        note: `analytic ${(a.time.dramBusyNs / 1e6).toFixed(1)} ms, cycle ${(c.time.dramBusyNs / 1e6).toFixed(1)} ms`,
      });
    }
  }

  // Cycle sampling against full simulation (edge, BP).
  if (!quick) {
    const full = replayOne(edge, 'bp', 'cycle', cifar, 0);
    const sampled = replayOne(edge, 'bp', 'cycle', cifar);
    const err = (sampled.result.time.totalNs - full.result.time.totalNs) / full.result.time.totalNs;
    out.push({
      name: 'cycle sampling',
      metric: 'step time error vs full simulation',
      value: err * 100,
      unit: '%',
      target: '|err| < 1%',
      pass: Math.abs(err) < 0.01,
      note: `full ${full.seconds.toFixed(1)} s, sampled ${sampled.seconds.toFixed(1)} s`,
    });
  }

  // ImageNet ResNet-18 b256 in both modes.
  for (const mode of DRAM_MODES) {
    if (quick && mode === 'cycle') continue;
    const r = replayOne(edge, 'bp', mode, imagenet);
    out.push({
      name: `ImageNet ResNet-18 b256, ${mode}`,
      metric: 'replay time (BP)',
      value: r.seconds,
      unit: 's',
      note: `${(r.result.totals.dramRead / 2 ** 30).toFixed(1)} GiB read; peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    });
  }
  out.push({ name: 'sim bench process', metric: 'peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB' });
  return out;
}
