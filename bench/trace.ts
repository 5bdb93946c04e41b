// Simulate benchmark: `asapsim simulate` on synthetic traces of ASAPSIM_BENCH_SIM_EVENTS events (default
// 10^6 and 10^7), peak RSS and events/s (the replay must stream: flat RSS under 300 MiB).
// Trace reader benchmark: a synthetic trace of ASAPSIM_BENCH_TRACE_EVENTS events (default 10^7; 10^8 needs
// ~52 GB of disk and ~20 min here) is streamed to a temporary file, then read back by readTrace with every
// check on. Reports the reader's events/s and its peak RSS after 1/10 of the file and after all of it: the
// same peak at both points is what "bounded memory" means. Then a fuzz run: random damage to a valid trace
// (see trace-mutations.ts) must give a clean parse or a UserError, never another exception.
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readTrace, formatTrace } from '../src/trace/io.ts';
import { shapeTrace } from '../src/net/shape-trace.ts';
import { parseRuleChoice } from '../src/net/rules/index.ts';
import { stashPolicies } from '../src/trace/stash.ts';
import { writeSyntheticTrace } from './trace-gen.ts';
import { mutation, readOutcome, type Outcome } from './trace-mutations.ts';
import type { BenchResult } from './result.ts';

const MiB = 2 ** 20;

async function readRate(path: string, count: number): Promise<BenchResult[]> {
  const tenth = Math.floor(count / 10);
  let seen = 0;
  let peak = process.memoryUsage().rss;
  let peakTenth = 0;
  let secondsTenth = 0;
  const t0 = performance.now();
  for await (const r of readTrace(path)) {
    if (r.type === 'header') continue;
    if (++seen % 8192 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    if (seen === tenth) {
      peakTenth = peak;
      secondsTenth = (performance.now() - t0) / 1000;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const growth = (peak - peakTenth) / MiB;
  return [
    {
      name: 'trace reader',
      metric: `events/s, ${count.toExponential(0)} events`,
      value: seen / seconds,
      unit: 'events/s',
      note: `${seconds.toFixed(0)} s; every check on`,
    },
    {
      name: 'trace reader',
      metric: `peak RSS after ${tenth.toExponential(0)} events`,
      value: peakTenth / MiB,
      unit: 'MiB',
      note: `${secondsTenth.toFixed(0)} s in`,
    },
    {
      name: 'trace reader',
      metric: `peak RSS after ${count.toExponential(0)} events`,
      value: peak / MiB,
      unit: 'MiB',
      target: '< +64 MiB over 1/10',
      pass: growth < 64,
      note: `grew ${growth.toFixed(1)} MiB over the last 9/10`,
    },
  ];
}

async function fuzz(dir: string, runs: number): Promise<BenchResult[]> {
  const valid = formatTrace(
    shapeTrace({ model: 'convnet', rule: parseRuleChoice('asap'), batch: 2, inputShape: [1, 28, 28], classes: 10, width: 0.25, stash: stashPolicies.compact }),
  );
  const counts: Record<Outcome, number> = { parsed: 0, 'user-error': 0 };
  let other = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
      try {
        counts[
          await readOutcome(
            join(dir, 'fuzz.jsonl'),
            ms.reduce((t, m) => m(t), valid),
          )
        ]++;
      } catch (e) {
        other++;
        throw e;
      }
    }),
    { numRuns: runs, seed: 7 },
  );
  return [
    {
      name: 'trace reader fuzz',
      metric: `${runs} damaged traces`,
      value: other,
      unit: 'other exceptions',
      target: 0,
      pass: other === 0,
      note: `${counts['user-error']} UserErrors, ${counts.parsed} clean parses`,
    },
  ];
}

/** `asapsim simulate` on the file in a child process: events/s and peak RSS (the kernel's, via /usr/bin/time). */
function simulate(path: string, count: number): BenchResult[] {
  const bin = new URL('../bin/asapsim.js', import.meta.url).pathname;
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, bin, 'simulate', '--trace', path, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  const rss = Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1]) / 1024;
  const said = r.stderr.split('\n').find((l) => l.startsWith('asapsim:'));
  const ok = r.status === 0;
  return [
    {
      name: 'simulate',
      metric: `events/s, ${count.toExponential(0)} events`,
      value: ok ? count / seconds : 0,
      unit: 'events/s',
      note: ok ? `${seconds.toFixed(0)} s wall, start-up included` : `exit ${r.status} after ${seconds.toFixed(0)} s: ${said ?? r.stderr.slice(-200)}`,
    },
    { name: 'simulate', metric: `peak RSS, ${count.toExponential(0)} events`, value: rss, unit: 'MiB', target: '< 300 MiB, flat', pass: ok && rss < 300 },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const simCounts = (process.env.ASAPSIM_BENCH_SIM_EVENTS ?? '1e6,1e7').split(',').map(Number);
  const dir0 = mkdtempSync(join(tmpdir(), 'asapsim-bench-sim-'));
  const sims: BenchResult[] = [];
  try {
    for (const n of simCounts) {
      const path = join(dir0, `sim-${n}.jsonl`);
      const free = statfsSync(dir0).bavail * statfsSync(dir0).bsize;
      if (n * 560 > 0.8 * free) {
        sims.push({
          name: 'simulate',
          metric: `${n.toExponential(0)} events`,
          value: 0,
          unit: 'skipped',
          note: `needs ~${((n * 560) / 2 ** 30).toFixed(0)} GiB of disk`,
        });
        continue;
      }
      await writeSyntheticTrace(path, n);
      sims.push(...simulate(path, n));
      rmSync(path);
    }
  } finally {
    rmSync(dir0, { recursive: true, force: true });
  }
  if (process.env.ASAPSIM_BENCH_TRACE_EVENTS === '0') return sims;
  return [...sims, ...(await runReader())];
}

async function runReader(): Promise<BenchResult[]> {
  const count = Number(process.env.ASAPSIM_BENCH_TRACE_EVENTS ?? 1e7);
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-bench-trace-'));
  try {
    const free = statfsSync(dir).bavail * statfsSync(dir).bsize;
    const need = count * 560;
    if (need > 0.8 * free)
      throw new Error(`bench trace: ${count} events need ~${(need / 2 ** 30).toFixed(0)} GiB in ${dir}, only ${(free / 2 ** 30).toFixed(0)} GiB free`);
    const path = join(dir, 'big.jsonl');
    const t0 = performance.now();
    const bytes = await writeSyntheticTrace(path, count);
    const gen: BenchResult = {
      name: 'trace generator',
      metric: `${count.toExponential(0)} events, streamed`,
      value: bytes / 2 ** 30,
      unit: 'GiB',
      note: `${((performance.now() - t0) / 1000).toFixed(0)} s, ${(bytes / count).toFixed(0)} B per event`,
    };
    const read = await readRate(path, count);
    rmSync(path);
    return [gen, ...read, ...(await fuzz(dir, Number(process.env.ASAPSIM_BENCH_FUZZ_RUNS ?? 5000)))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
