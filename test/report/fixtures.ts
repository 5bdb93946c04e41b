// Small, fast inputs for report tests: a compare of the seed's convnet at batch 2 under three rules, a tiny
// buffer sweep run in-process, and synthetic learning-curve records.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, type CompareResult } from '../../src/analysis/compare.ts';
import { loadArch } from '../../src/arch/loader.ts';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { buildSweep } from '../../src/sweep/spec.ts';
import { runSweep } from '../../src/sweep/run.ts';
import { readResults, type HeaderLine, type PointLine } from '../../src/sweep/results.ts';
import type { CurveRecord } from '../../src/report/charts/learning-curves.ts';

export const edge = new URL('../../arch-configs/edge.yaml', import.meta.url).pathname;

let cachedCompare: CompareResult | undefined;
export function smallCompare(): CompareResult {
  cachedCompare ??= compare({
    model: 'convnet',
    rules: ['bp', 'asap:2', 'asap:4'].map(parseRuleChoice),
    batch: 2,
    inputShape: [1, 28, 28],
    classes: 10,
    width: 1,
    arch: loadArch(edge),
    explain: { waterfall: true, tornado: true },
  });
  return cachedCompare;
}

/** A 2-key sweep (buffer size x saved-activation dtype), so every sweep chart, the heatmap included, has data. */
let cachedSweep: Promise<{ header: HeaderLine; points: PointLine[] }> | undefined;
export function smallSweep(): Promise<{ header: HeaderLine; points: PointLine[] }> {
  cachedSweep ??= runSmallSweep();
  return cachedSweep;
}

async function runSmallSweep(): Promise<{ header: HeaderLine; points: PointLine[] }> {
  const sweep = buildSweep(
    {
      name: 'tiny',
      models: ['convnet'],
      input: 'mnist',
      batch: [2],
      rules: ['bp', 'asap:2', 'asap:4'],
      grid: [
        { key: 'buffer.capacity', raw: '16 KiB..256 KiB', where: 'test' },
        { key: 'dtypes.saved_activation', raw: ['fp32', 'bf16'], where: 'test' },
      ],
    },
    edge,
    () => 'tiny',
  );
  const file = join(mkdtempSync(join(tmpdir(), 'asapsim-sweep-')), 'points.jsonl');
  await runSweep(sweep, { file, resume: false, force: false, jobs: 1, command: 'test' });
  const r = readResults(file);
  return { header: r.header!, points: r.points };
}

export function curves(): CurveRecord[] {
  return ['bp', 'asap(k=2)'].flatMap((rule, k) =>
    [1, 2, 3].flatMap((epoch) => [
      { epoch, rule, split: 'train', accuracy: 50 + 10 * epoch - k, loss: 2 / epoch },
      { epoch, rule, split: 'test', accuracy: 48 + 9 * epoch - k, loss: 2.2 / epoch },
    ]),
  );
}

/** A 1-key sweep (buffer size only): the saving-% line chart instead of the heatmap. */
let cachedSweep1: Promise<{ header: HeaderLine; points: PointLine[] }> | undefined;
export function smallSweep1(): Promise<{ header: HeaderLine; points: PointLine[] }> {
  cachedSweep1 ??= (async () => {
    const sweep = buildSweep(
      {
        name: 'tiny1',
        models: ['convnet'],
        input: 'mnist',
        batch: [2],
        rules: ['bp', 'asap:2', 'asap:4'],
        grid: [{ key: 'buffer.capacity', raw: '16 KiB..1 MiB', where: 'test' }],
      },
      edge,
      () => 'tiny1',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'asapsim-sweep-')), 'points.jsonl');
    await runSweep(sweep, { file, resume: false, force: false, jobs: 1, command: 'test' });
    const r = readResults(file);
    return { header: r.header!, points: r.points };
  })();
  return cachedSweep1;
}
