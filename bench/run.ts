// npm run bench [-- name ...]: runs the benchmark modules (all, or those named), prints one table and
// writes reports/bench/<module>.json with the tool version, machine and command that produced it.
import { mkdirSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './result.ts';
import { writeFileAtomic } from '../src/util/atomic.ts';
import { TOOL, VERSION } from '../src/util/version.ts';
import { textTable } from '../src/report/format.ts';

const modules = ['sim', 'mapper', 'dram', 'trace', 'learning', 'startup', 'fuzz', 'learning-speed'];
// run only when named: learning-speed is the throughput part of learning, alone (quiet re-measurements)
const namedOnly = ['learning-speed'];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const selected = wanted.length ? modules.filter((m) => wanted.includes(m)) : modules.filter((m) => !namedOnly.includes(m));
  const unknown = wanted.filter((w) => !modules.includes(w));
  if (unknown.length) throw new Error(`unknown bench module(s) ${unknown.join(', ')}: expected ${modules.join(', ')}`);
  const out = join('reports', 'bench');
  mkdirSync(out, { recursive: true });
  const all: BenchResult[] = [];
  for (const name of selected) {
    const file = new URL(`./${name}.ts`, import.meta.url);
    if (!existsSync(file)) {
      console.error(`bench ${name}: module missing, skipped`);
      continue;
    }
    console.error(`bench ${name}: running`);
    const t0 = performance.now();
    const mod = (await import(file.href)) as { run(): Promise<BenchResult[]> };
    const results = await mod.run();
    const seconds = (performance.now() - t0) / 1000;
    all.push(...results);
    writeFileAtomic(
      join(out, `${name}.json`),
      JSON.stringify(
        {
          producer: {
            tool: TOOL,
            version: VERSION,
            command: `npm run bench -- ${name}`,
            node: process.version,
            cpus: cpus().length,
            cpu: cpus()[0]?.model,
            memoryGiB: Math.round(totalmem() / 2 ** 30),
          },
          seconds,
          results,
        },
        null,
        2,
      ) + '\n',
    );
  }
  const fmt = (v: number) => (Math.abs(v) >= 1000 || Number.isInteger(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : v.toPrecision(4));
  console.log(
    textTable(
      ['benchmark', 'metric', 'value', 'unit', 'target', 'pass', 'note'],
      all.map((r) => [
        r.name,
        r.metric,
        fmt(r.value),
        r.unit,
        r.target === undefined ? '' : String(r.target),
        r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
        r.note ?? '',
      ]),
    ),
  );
  console.log(`\nJSON: ${join(out, '<module>.json')}`);
}

await main();
