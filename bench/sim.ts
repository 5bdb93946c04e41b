// Simulator benchmarks: replay speed of CIFAR ResNet-18 (batch 128, BP and ASAP) in both modes, mapper cache
// cold and warm, and the mapper cache's hit rate; the replay's memory over 10^6 events; analytic vs cycle DRAM
// time on the shipped configs; ImageNet ResNet-18 at batch 256 in both modes, with peak RSS;
// and the cycle model's per-op sampling against full simulation.
import { loadArch, type LoadedArch } from '../src/arch/loader.ts';
import { compare } from '../src/analysis/compare.ts';
import { parseRuleChoice } from '../src/net/rules/index.ts';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchResult } from './result.ts';
import { DRAM_MODES, type DramMode } from '../src/dram/dram.ts';
import { clearMapperCache, mapperCacheStats } from '../src/sim/mapper/index.ts';
import { Replayer } from '../src/sim/replay.ts';
import { createDramFor } from '../src/sim/dram-for-arch.ts';
import { syntheticEvent, syntheticHeader } from './trace-gen.ts';

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
  const c0 = process.cpuUsage();
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
  const cpu = process.cpuUsage(c0);
  return { result: runs[0], seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

const cifar = { shape: [3, 32, 32] as [number, number, number], classes: 10, batch: 128 };
const imagenet = { shape: [3, 224, 224] as [number, number, number], classes: 1000, batch: 256 };

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const quick = !!process.env.ASAPSIM_BENCH_QUICK;

  // Replay speed, CIFAR ResNet-18 b128, BP + ASAP: the default compare. Cold: the mapper's cache empty (a
  // fresh process); warm: every shape already mapped (a sweep's later points, a second compare).
  const edge = config('edge');
  clearMapperCache();
  for (const [mode, cache] of [
    ['analytic', 'cold'],
    ['analytic', 'warm'],
    ['cycle', 'warm'],
  ] as const) {
    const runs = ['bp', 'asap'].map((r) => replayOne(edge, r, mode, cifar));
    const seconds = runs.reduce((a, r) => a + r.seconds, 0);
    const cpuSeconds = runs.reduce((a, r) => a + r.cpuSeconds, 0);
    const target = mode === 'analytic' ? 2 : 30;
    out.push({
      name: `replay speed, ${mode}, mapper cache ${cache}`,
      metric: 'ResNet-18 b128 BP+ASAP, edge',
      value: seconds,
      unit: 's',
      target: `< ${target} s`,
      pass: seconds < target,
      // Wall time depends on what else the machine runs; CPU time of this process does much less.
      note: `CPU ${cpuSeconds.toFixed(2)} s, load average ${loadavg()[0].toFixed(1)}${mode === 'cycle' ? '; sample_limit 4 MiB' : ''}`,
    });
    if (cache === 'cold') {
      const m = mapperCacheStats();
      out.push({
        name: 'mapper cache',
        metric: 'hit rate, BP+ASAP step',
        value: m.hitRate * 100,
        unit: '%',
        note: `${m.entries} shapes mapped, ${m.hits} hits`,
      });
    }
  }

  // Replay state bounded by live tensors: 10^6 synthetic events (ASAPSIM_BENCH_REPLAY_EVENTS), generated one
  // at a time, stepped through the Replayer without keeping per-op rows. Measured as the live heap after a
  // full GC at 1/10 and at the end (peak RSS also counts garbage V8 has not collected yet).
  {
    const count = Number(process.env.ASAPSIM_BENCH_REPLAY_EVENTS ?? (quick ? 1e5 : 1e6));
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const liveHeap = () => {
      gc();
      return process.memoryUsage().heapUsed / 2 ** 20;
    };
    const r = new Replayer({ header: syntheticHeader(), arch: edge.config, archHash: edge.hash, dram: createDramFor(edge.config, 'analytic'), keepOps: false });
    let atTenth = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      r.step(syntheticEvent(i, count));
      if (i === Math.floor(count / 10)) atTenth = liveHeap();
    }
    r.finish();
    const cpu = process.cpuUsage(c0);
    const seconds = (performance.now() - t0) / 1000;
    const atEnd = liveHeap();
    out.push({
      name: 'replay streaming',
      metric: `${count} events, events/s`,
      value: count / seconds,
      unit: 'events/s',
      note: `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
    });
    out.push({
      name: 'replay streaming',
      metric: 'live heap growth from 1/10 to all events',
      value: atEnd - atTenth,
      unit: 'MiB',
      target: '< 5 MiB',
      pass: atEnd - atTenth < 5,
      note: `live heap ${atTenth.toFixed(1)} MiB after 1/10, ${atEnd.toFixed(1)} MiB at the end; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
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
