// DRAM model benchmark on DDR4-2400 CL17 8Gb x8, 1 channel, 1 rank, open page, FR-FCFS, RoBaRaCoCh:
// sequential (half reads, then writes to the same addresses), uniformly random reads over the 8 GiB,
// and random with 50 % writes, at 1M and 10M requests, one request per memory cycle. Two measurements per
// trace, each in its own process so its peak RSS is its own:
//   whole process   `asapsim dram --trace FILE --format dramsim3 --json` under /usr/bin/time: start-up,
//                   CLI, trace parsing (streamed from disk) and the controller; wall and user+sys CPU time,
//                   peak RSS. It runs the compiled CLI: a stale dist/ is rebuilt first (npm run build).
//   controller only the same requests generated in memory in batches (xorshift), only runSource timed.
// Cycles, ACT counts and row-hit rates come from the whole-process run.
// ASAPSIM_BENCH_QUICK=1: 1M only. ASAPSIM_DRAMSIM3=path/to/dramsim3main: DRAMSim3 on the same trace files
// and the same spec (exported as a .ini) as a reference column, at 1M (and 10M with ASAPSIM_DRAMSIM3_10M=1:
// two DRAMSim3 runs per trace, minutes each); see dramsim3-ref.ts for how its time to serve is measured.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './result.ts';
import { createDram, resolveSpec } from '../src/dram/index.ts';
import { dramsim3Binary, runDramsim3, type Dramsim3Run } from './dramsim3-ref.ts';
import { TraceWriter } from '../src/dram/trace-formats.ts';
import type { RequestSource } from '../src/dram/request-source.ts';

const PRESET = 'DDR4-2400-8Gb-x8';
const OVERRIDES = { mapping: 'RoBaRaCoCh', scheduler: 'fr-fcfs', pagePolicy: 'open' };
const SPACE = 8 * 2 ** 30;
type Kind = 'seq' | 'rand' | 'rand-rw';

/** The bench's request streams, as a generator usable both for writing files and in memory. */
export class Generated implements RequestSource {
  addr = 0;
  write = false;
  arrival = 0;
  private i = 0;
  private x = 0x9e3779b9;
  constructor(
    private readonly kind: Kind,
    private readonly n: number,
  ) {}
  next(): boolean {
    if (this.i >= this.n) return false;
    const i = this.i++;
    this.arrival = i;
    if (this.kind === 'seq') {
      const half = this.n / 2;
      this.addr = (i % half) * 64;
      this.write = i >= half;
      return true;
    }
    // xorshift32 twice for 27 bits of burst index over 8 GiB
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const hi = (x >>> 0) % (SPACE / 64 / 65536);
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x;
    this.addr = ((hi * 65536 + ((x >>> 0) & 0xffff)) * 64) as number;
    this.write = this.kind === 'rand-rw' && (x & 0x10000) !== 0;
    return true;
  }
  nextBatch(addr: Float64Array, write: Uint8Array, arrival: Float64Array): number {
    let n = 0;
    while (n < addr.length && this.next()) {
      addr[n] = this.addr;
      write[n] = this.write ? 1 : 0;
      arrival[n] = this.arrival;
      n++;
    }
    return n;
  }
}

export function generate(file: string, kind: Kind, n: number): void {
  const w = new TraceWriter(file, 'dramsim3');
  const g = new Generated(kind, n);
  while (g.next()) w.write(g.addr, g.write, g.arrival);
  w.close();
}

interface Whole {
  wallS: number;
  cpuS: number | null;
  maxRssMiB: number | null;
  report: { requests: number; cycles: number; rowHitRate: number; bandwidthGBps: number; commands: Record<string, number> };
}

function wholeProcess(file: string, extra: Record<string, number> = {}): Whole {
  const bin = fileURLToPath(new URL('../bin/asapsim.js', import.meta.url));
  const args = [
    bin,
    'dram',
    '--trace',
    file,
    '--format',
    'dramsim3',
    '--preset',
    PRESET,
    ...Object.entries({ ...OVERRIDES, ...extra }).flatMap(([k, v]) => ['--set', `${k}=${v}`]),
    '--json',
  ];
  const timed = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const p = timed
    ? spawnSync('/usr/bin/time', ['-f', 'ASAPSIM_BENCH %e %M %U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1e3;
  if (p.status !== 0) throw new Error(`asapsim dram failed: ${p.stderr}`);
  const m = /ASAPSIM_BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(p.stderr);
  return {
    wallS: m ? Number(m[1]) : wall,
    cpuS: m ? Number(m[3]) + Number(m[4]) : null,
    maxRssMiB: m ? Number(m[2]) / 1024 : null,
    report: JSON.parse(p.stdout),
  };
}

function controllerWorker(kind: Kind, n: number): { cpuS: number; wallS: number; maxRssMiB: number } {
  const dram = createDram({ preset: PRESET, overrides: OVERRIDES, mode: 'cycle' });
  const src = new Generated(kind, n);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  dram.runSource(src);
  const cu = process.cpuUsage(c0);
  return { wallS: (performance.now() - t0) / 1e3, cpuS: (cu.user + cu.system) / 1e6, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
}

function controllerOnly(kind: Kind, n: number): { cpuS: number; wallS: number; maxRssMiB: number } {
  const self = fileURLToPath(import.meta.url);
  const p = spawnSync(process.execPath, ['--import', 'tsx', self, '--worker', kind, String(n)], { encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`dram bench worker failed: ${p.stderr}`);
  return JSON.parse(p.stdout);
}

/** bin/asapsim.js runs dist/ only when it is newer than every source: rebuild it, or we would time tsx. */
function ensureBuilt(): void {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const stamp = join(root, 'dist', '.built');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : -1;
  const src = join(root, 'src');
  const stale = built < 0 || readdirSync(src, { recursive: true }).some((f) => statSync(join(src, String(f))).mtimeMs > built);
  if (!stale) return;
  console.error('bench dram: dist/ is older than src/, running npm run build first');
  const p = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (p.status !== 0) throw new Error('bench dram: npm run build failed');
}

const ratio = (ours: number, theirs: number) => Number((ours / theirs).toFixed(2));

function dramsim3Rows(name: string, n: number, w: Whole, d: Dramsim3Run, cycles: number): BenchResult[] {
  const oursWall = n / w.wallS;
  const rows: BenchResult[] = [
    {
      name,
      metric: 'DRAMSim3 whole process',
      value: Math.round(n / d.wallS),
      unit: 'req/s',
      note: `dramsim3main -c ${d.cycles} (all served by then; ours ${cycles} cycles), wall ${d.wallS.toFixed(2)} s, ${Math.round(n / d.cpuS)} req/s of CPU time, RSS ${d.maxRssMiB.toFixed(0)} MiB`,
    },
    { name, metric: 'whole vs DRAMSim3 (wall)', value: ratio(oursWall, n / d.wallS), unit: 'x', target: '>= 10', pass: oursWall / (n / d.wallS) >= 10 },
  ];
  if (w.cpuS !== null)
    rows.push({
      name,
      metric: 'whole vs DRAMSim3 (CPU)',
      value: ratio(n / w.cpuS, n / d.cpuS),
      unit: 'x',
      target: '>= 10',
      pass: n / w.cpuS / (n / d.cpuS) >= 10,
      note: 'requests per second of user+sys CPU time, both under /usr/bin/time',
    });
  return rows;
}

/** DRAMSim3's default trans_queue_size (32) + cmd_queue_size (16): the requests a one-bank stream sees ahead. */
const DRAMSIM3_DEPTH = 48;

/** Our cycles against DRAMSim3's (the end of the epoch by which it served everything: within one epoch). */
function cycleRows(name: string, theirs: number, ours: number, oursDeep: number): BenchResult[] {
  const off = (c: number) => Number((100 * (c / theirs - 1)).toFixed(2));
  return [
    {
      name,
      metric: 'cycles vs DRAMSim3',
      value: off(ours),
      unit: '%',
      target: '|x| <= 5',
      pass: Math.abs(off(ours)) <= 5,
      note: `ours ${ours} at 32 + 32 entries, DRAMSim3 ${theirs}`,
    },
    {
      name,
      metric: `cycles vs DRAMSim3, ${DRAMSIM3_DEPTH}-deep`,
      value: off(oursDeep),
      unit: '%',
      target: '|x| <= 5',
      pass: Math.abs(off(oursDeep)) <= 5,
      note: `ours ${oursDeep} at readQueue = writeQueue = ${DRAMSIM3_DEPTH} (DRAMSim3's transaction + per-bank command queue)`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-bench-'));
  const out: BenchResult[] = [];
  const load = () => `load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`;
  const sizes = process.env.ASAPSIM_BENCH_QUICK ? [1_000_000] : [1_000_000, 10_000_000];
  const dramsim3 = dramsim3Binary();
  const spec = resolveSpec(PRESET, OVERRIDES);
  try {
    for (const n of sizes) {
      for (const [kind, label] of [
        ['seq', 'sequential (half reads, then writes)'],
        ['rand', 'random reads over 8 GiB'],
        ['rand-rw', 'random, 50 % writes'],
      ] as const) {
        const name = `dram ${label} ${n / 1e6}M`;
        const file = join(dir, `${kind}-${n}.trc`);
        generate(file, kind, n);
        const w = wholeProcess(file);
        const r = w.report;
        const d =
          dramsim3 && (n <= 1_000_000 || process.env.ASAPSIM_DRAMSIM3_10M) ? runDramsim3(dramsim3, spec, file, n, Math.max(3 * r.cycles, 2 * n)) : undefined;
        // DRAMSim3 holds its 32-entry transaction queue plus a 16-entry command queue per bank: a one-bank
        // stream sees 48 requests ahead (docs/dram.md), so the cycle comparison is also made at that depth
        const deep = d ? wholeProcess(file, { readQueue: DRAMSIM3_DEPTH, writeQueue: DRAMSIM3_DEPTH }).report : undefined;
        rmSync(file, { force: true });
        const c = controllerOnly(kind, n);
        out.push({
          name,
          metric: 'whole process',
          value: Math.round(r.requests / w.wallS),
          unit: 'req/s',
          note: `asapsim dram, wall ${w.wallS.toFixed(2)} s incl. start-up and parsing${w.cpuS !== null ? `, ${Math.round(r.requests / w.cpuS)} req/s of CPU time` : ''}; ${load()}`,
        });
        if (w.maxRssMiB !== null) out.push({ name, metric: 'peak RSS (whole)', value: Math.round(w.maxRssMiB), unit: 'MiB' });
        if (d) out.push(...dramsim3Rows(name, n, w, d, r.cycles));
        if (d && deep) out.push(...cycleRows(name, d.cycles, r.cycles, deep.cycles));
        out.push({
          name,
          metric: 'controller only',
          value: Math.round(n / c.wallS),
          unit: 'req/s',
          note: `${(n / c.cpuS / 1e6).toFixed(2)}M req/s of CPU time; requests generated in memory`,
        });
        out.push({ name, metric: 'peak RSS (controller)', value: Math.round(c.maxRssMiB), unit: 'MiB' });
        out.push({ name, metric: 'cycles', value: r.cycles, unit: 'cycles', note: `${PRESET}, ${r.bandwidthGBps.toFixed(2)} GB/s` });
        out.push({ name, metric: 'ACT commands', value: r.commands.ACT, unit: 'ACTs', note: `${(r.commands.ACT / r.requests).toFixed(4)} per request` });
        out.push({ name, metric: 'row-hit rate', value: Number((100 * r.rowHitRate).toFixed(3)), unit: '%' });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!dramsim3) console.error('bench dram: no DRAMSim3 reference column (set ASAPSIM_DRAMSIM3 to a built dramsim3main)');
  return out;
}

if (process.argv[2] === '--worker') {
  process.stdout.write(JSON.stringify(controllerWorker(process.argv[3] as Kind, Number(process.argv[4]))) + '\n');
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run())
    console.log(`${r.name.padEnd(48)} ${r.metric.padEnd(22)} ${String(r.value).padStart(12)} ${r.unit}${r.note ? `  ${r.note}` : ''}`);
}
