// Mapper benchmarks: the time to map every matrix op of CIFAR ResNet-18 (batch 128; BP, ASAP and DFA
// traces) on edge.yaml from a cold cache, under the free search and under the config's weight-stationary
// constraint; the shape cache's hit rate; each conv's utilisation and DRAM bytes per pass; three example
// mappings in full (their ops.csv strings).
import { loadArch } from '../src/arch/loader.ts';
import { parseRuleChoice } from '../src/net/rules/index.ts';
import { shapeTrace } from '../src/net/shape-trace.ts';
import { budgetOf, clearMapperCache, mapOp, mapperCacheStats, matrixOpOf, type Mapping, type MatrixOp } from '../src/sim/mapper/index.ts';
import { stashPolicies } from '../src/trace/stash.ts';
import type { BenchResult } from './result.ts';

const MiB = 2 ** 20;
const edge = loadArch(new URL('../arch-configs/edge.yaml', import.meta.url).pathname).config;

function matrixOps(rule: string): { layer: string; op: MatrixOp }[] {
  const t = shapeTrace({
    model: 'resnet18',
    rule: parseRuleChoice(rule),
    batch: 128,
    inputShape: [3, 32, 32],
    classes: 10,
    width: 1,
    stash: stashPolicies.compact,
  });
  return t.events.flatMap((e) => {
    const op = matrixOpOf(e);
    return op ? [{ layer: e.layer, op }] : [];
  });
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const perRule = ['bp', 'asap', 'dfa'].map((r) => matrixOps(r));
  const ops = perRule.flat();
  const bp = new Set(perRule[0]);
  const mapped = new Map<string, Mapping>();
  for (const dataflow of ['search', 'weight-stationary'] as const) {
    const hw = budgetOf(edge, dataflow);
    clearMapperCache();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const o of ops) {
      const m = mapOp(o.op, hw);
      if (dataflow === 'search' && bp.has(o)) mapped.set(`${o.layer} ${o.op.kind}`, m);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const stats = mapperCacheStats();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    out.push({
      name: `mapper, ${dataflow}`,
      metric: `map ${ops.length} ResNet-18 b128 matrix ops (BP+ASAP+DFA), edge, cold cache: process CPU`,
      value: cpuSeconds,
      unit: 's',
      target: '< 1 s',
      pass: cpuSeconds < 1,
      note: `${stats.misses} distinct shapes searched; wall ${seconds.toFixed(3)} s (the machine may be shared)`,
    });
    out.push({
      name: `mapper cache, ${dataflow}`,
      metric: 'hit rate',
      value: stats.hitRate,
      unit: '',
      note: `${stats.hits} hits / ${stats.hits + stats.misses} calls`,
    });
  }
  // Per conv of the BP step (ResNet-18 proper, [2,2,2,2] blocks): utilisation and DRAM bytes of each pass under the free search.
  const passes = ['conv-forward', 'conv-backward-data', 'conv-weight-gradient'] as const;
  const layers = [...new Set(perRule[0].filter((o) => o.op.kind === 'conv-forward').map((o) => o.layer))];
  for (const layer of layers) {
    const ms = passes.map((k) => mapped.get(`${layer} ${k}`));
    const f = ms[0]!;
    out.push({
      name: `mapper util ${layer}`,
      metric: 'forward utilisation',
      value: f.utilisation,
      unit: '',
      note: passes
        .map((k, i) =>
          ms[i]
            ? `${k.replace('conv-', '')} util ${ms[i]!.utilisation.toFixed(3)} DRAM ${(ms[i]!.dramBytes / MiB).toFixed(2)} MiB`
            : `${k.replace('conv-', '')} -`,
        )
        .join('; '),
    });
  }
  for (const key of ['layer1.0.conv1 conv-forward', 'layer2.0.conv2 conv-forward', 'layer2.0.shortcut conv-forward', 'layer3.0.conv1 conv-weight-gradient']) {
    const m = mapped.get(key)!;
    const o = m.operands;
    out.push({
      name: `mapper example ${key}`,
      metric: 'DRAM',
      value: m.dramBytes / MiB,
      unit: 'MiB',
      note: `${m.text}; input ${o.input.dramRead} B, weight ${o.weight.dramRead + o.weight.dramWrite} B, output ${o.output.dramRead}+${o.output.dramWrite} B; util ${m.utilisation.toFixed(3)}`,
    });
  }
  return out;
}
