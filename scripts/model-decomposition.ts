// The BP vs ASAP table under the model switches, one step at a time, so the change of issue 11 can be
// decomposed by bug and by the mapper: node --import tsx scripts/model-decomposition.ts [config ...]
// Each row applies its switches on top of the previous step's (indented rows: variants of the last step); the first row is the pre-issue-11 model
// (its only difference from the old code is bug 2's tiling fix: see docs/simulator.md).
import { loadArch, type LoadedArch } from '../src/arch/loader.ts';
import type { ArchConfig } from '../src/arch/schema.ts';
import { compare } from '../src/analysis/compare.ts';
import { parseRuleChoice } from '../src/net/rules/index.ts';
import { mapperCacheStats } from '../src/sim/mapper/index.ts';

type Change = (a: ArchConfig) => ArchConfig;
const steps: [string, Change][] = [
  [
    'old model (tiled WS, free extra passes, no write-through, BN 2 passes)',
    (a) => ({ ...a, lowering: 'tiled', dataflow: 'weight-stationary', fusion: { extra_passes: 'free', write_through: false, bn_statistics: 'separate-pass' } }),
  ],
  ['+ bug 1: forwarded once, extra passes spilled', (a) => ({ ...a, fusion: { ...a.fusion, extra_passes: 'spill' } })],
  [
    '+ bug 3: BN statistics in the conv epilogue',
    (a) => ({ ...a, fusion: { ...a.fusion, bn_statistics: a.residency.fuse_adjacent ? 'epilogue' : 'separate-pass' } }),
  ],
  ['+ bug 4: write-through of forwarded stashes', (a) => ({ ...a, fusion: { ...a.fusion, write_through: true } })],
  ['+ mapper, weight-stationary', (a) => ({ ...a, lowering: 'mapped', dataflow: 'weight-stationary' })],
  ['+ mapper search (the new default)', (a) => ({ ...a, dataflow: 'search' })],
  ['  recompute instead of spill', (a) => ({ ...a, fusion: { ...a.fusion, extra_passes: 'recompute' } })],
  ['  next-use residency', (a) => ({ ...a, buffer: { ...a.buffer, replacement: 'next-use' } })],
  ['  scratchpad residency (spill)', (a) => ({ ...a, buffer: { ...a.buffer, replacement: 'scratchpad' } })],
];

const mib = (b: number) => (b / 2 ** 20).toFixed(1);
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['edge', 'edge-layerwise', 'mid', 'datacenter'];
for (const name of names) {
  const base: LoadedArch = loadArch(new URL(`../arch-configs/${name}.yaml`, import.meta.url).pathname);
  console.log(`\n${name}: DRAM MiB per step (saving vs bp)`);
  console.log('step | bp | asap:2 | asap:4');
  let config = base.config;
  let cumulative = base.config;
  for (const [label, change] of steps) {
    // Rows starting with spaces are variants of the new default, not further steps.
    config = change(cumulative);
    if (!label.startsWith('  ')) cumulative = config;
    const r = compare({
      model: 'resnet18',
      rules: ['bp', 'asap:2', 'asap:4'].map(parseRuleChoice),
      batch: 128,
      inputShape: [3, 32, 32],
      classes: 10,
      width: 1,
      arch: { ...base, config },
    });
    const [bp, a2, a4] = r.summaries;
    const pct = (s: typeof bp) => `${s.savingPct >= 0 ? '' : '-'}${Math.abs(s.savingPct).toFixed(1)}%`;
    console.log(`${label} | ${mib(bp.dramTotal)} | ${mib(a2.dramTotal)} (${pct(a2)}) | ${mib(a4.dramTotal)} (${pct(a4)})`);
  }
}
console.log(`\nmapper cache: ${JSON.stringify(mapperCacheStats())}`);
