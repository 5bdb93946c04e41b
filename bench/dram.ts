// DRAM model benchmark: replays generated 1M-request traces (streamed from disk, DRAMSim3 format) through
// the cycle model on DDR4-2400 CL17 8Gb x8, 1 channel, 1 rank, open page, FR-FCFS, RoBaRaCoCh, and
// reports requests/s, peak RSS, and the cycles and row-hit rates of the two reference traces:
//   (a) 500k sequential 64-B reads, then 500k sequential 64-B writes to the same addresses
//   (b) 1M uniformly random 64-B reads over the 8 GiB (and a 50 % write variant)
// Each measurement runs in its own process so its peak RSS is its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './result.ts';
import { createDram } from '../src/dram/index.ts';
import { TraceFileSource, TraceWriter } from '../src/dram/trace-formats.ts';

const PRESET = 'DDR4-2400-8Gb-x8';
const OVERRIDES = { mapping: 'RoBaRaCoCh', scheduler: 'fr-fcfs', pagePolicy: 'open' };
const SPACE = 8 * 2 ** 30;

interface WorkerResult {
  requests: number;
  wallS: number;
  cpuS: number;
  maxRssMiB: number;
  cycles: number;
  acts: number;
  rowHitRate: number;
  bandwidthGBps: number;
}

function generate(file: string, kind: 'seq' | 'rand' | 'rand-rw', n: number): void {
  const w = new TraceWriter(file, 'dramsim3');
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    if (kind === 'seq') {
      const half = n / 2;
      w.write((i % half) * 64, i >= half, i);
    } else {
      // xorshift32 twice for 27 bits of burst index over 8 GiB
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const hi = (x >>> 0) % (SPACE / 64 / 65536);
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const lo = (x >>> 0) & 0xffff;
      w.write((hi * 65536 + lo) * 64, kind === 'rand-rw' && (x & 0x10000) !== 0, i);
    }
  }
  w.close();
}

function worker(file: string): WorkerResult {
  const dram = createDram({ preset: PRESET, overrides: OVERRIDES, mode: 'cycle' });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  dram.runSource(new TraceFileSource(file, 'dramsim3'));
  const wallS = (performance.now() - t0) / 1e3;
  const cu = process.cpuUsage(c0);
  const r = dram.report();
  return {
    requests: r.requests,
    wallS,
    cpuS: (cu.user + cu.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    cycles: r.cycles,
    acts: r.commands.ACT,
    rowHitRate: r.rowHitRate,
    bandwidthGBps: r.bandwidthGBps,
  };
}

function measure(file: string): WorkerResult {
  const self = fileURLToPath(import.meta.url);
  const p = spawnSync(process.execPath, ['--import', 'tsx', self, '--worker', file], { encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`dram bench worker failed: ${p.stderr}`);
  return JSON.parse(p.stdout) as WorkerResult;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-bench-'));
  const out: BenchResult[] = [];
  try {
    const cases: { name: string; kind: 'seq' | 'rand' | 'rand-rw'; n: number; target?: number }[] = [
      { name: 'dram seq 1M (a: 500k reads + 500k writes)', kind: 'seq', n: 1_000_000, target: 3e6 },
      { name: 'dram random 1M (b: reads over 8 GiB)', kind: 'rand', n: 1_000_000, target: 1e6 },
      { name: 'dram random 1M (50 % writes)', kind: 'rand-rw', n: 1_000_000 },
      { name: 'dram seq 4M (memory flatness)', kind: 'seq', n: 4_000_000 },
    ];
    for (const c of cases) {
      const file = join(dir, `${c.kind}-${c.n}.trc`);
      generate(file, c.kind, c.n);
      const r = measure(file);
      rmSync(file, { force: true });
      const rate = r.requests / r.wallS;
      out.push({
        name: c.name,
        metric: 'requests/s (wall)',
        value: Math.round(rate),
        unit: 'req/s',
        target: c.target,
        pass: c.target === undefined ? undefined : rate >= c.target,
        note: `${(r.requests / r.cpuS / 1e6).toFixed(2)}M req/s of CPU time (all threads); load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`,
      });
      out.push({ name: c.name, metric: 'peak RSS', value: Math.round(r.maxRssMiB), unit: 'MiB' });
      out.push({ name: c.name, metric: 'cycles', value: r.cycles, unit: 'cycles', note: `${PRESET}, tCK 0.833 ns, ${r.bandwidthGBps.toFixed(2)} GB/s` });
      out.push({ name: c.name, metric: 'ACT commands', value: r.acts, unit: 'ACTs', note: `${(r.acts / r.requests).toFixed(4)} per request` });
      out.push({ name: c.name, metric: 'row-hit rate', value: Number((100 * r.rowHitRate).toFixed(3)), unit: '%' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[2] === '--worker') {
  process.stdout.write(JSON.stringify(worker(process.argv[3])) + '\n');
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run())
    console.log(
      `${r.name.padEnd(44)} ${r.metric.padEnd(18)} ${String(r.value).padStart(12)} ${r.unit}${r.target !== undefined ? `  (target ${r.target}: ${r.pass ? 'pass' : 'FAIL'})` : ''}${r.note ? `  ${r.note}` : ''}`,
    );
}
