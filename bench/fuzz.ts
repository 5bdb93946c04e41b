// npm run bench -- fuzz: the long fuzz run. Worker processes (scripts/fuzz.ts) run ASAPSIM_BENCH_FUZZ_CASES
// cases (default 800: 100 per input kind) over several seeds, each worker with a 2 GB heap cap; a worker that
// prints nothing for 120 s is killed and its running case counted as a hang. Every case must pass the
// harness's checks (no internal error, exit 0/1/2, one line, bounded time and heap, nothing outside its outputs).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { BenchResult } from './result.ts';
import type { FuzzOutcome } from '../scripts/fuzz.ts';

const script = new URL('../scripts/fuzz.ts', import.meta.url).pathname;

export async function runWorker(seed: number, count: number, limitMs = 60_000, silenceMs = 120_000): Promise<{ outcomes: FuzzOutcome[]; died?: string }> {
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=2048', '--import', 'tsx', script, '--seed', String(seed), '--count', String(count), '--limit-ms', String(limitMs)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true' },
    },
  );
  const outcomes: FuzzOutcome[] = [];
  let running = '';
  let timer: NodeJS.Timeout | undefined;
  let hung = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, silenceMs);
  };
  arm();
  createInterface({ input: child.stderr! }).on('line', (l) => {
    if (l.startsWith('case ')) running = l;
    arm();
  });
  createInterface({ input: child.stdout! }).on('line', (l) => {
    if (l.startsWith('{')) outcomes.push(JSON.parse(l) as FuzzOutcome);
    arm();
  });
  const [code, signal] = (await new Promise((resolve) => child.on('exit', (c, s) => resolve([c, s])))) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  const died = hung
    ? `hung in ${running} (seed ${seed})`
    : code !== 0
      ? `worker died (exit ${code}, ${signal ?? 'no signal'}) in ${running} (seed ${seed})`
      : undefined;
  return { outcomes, died };
}

export async function run(): Promise<BenchResult[]> {
  const total = Number(process.env.ASAPSIM_BENCH_FUZZ_CASES ?? 800);
  const perWorker = 100;
  const outcomes: FuzzOutcome[] = [];
  const deaths: string[] = [];
  const t0 = performance.now();
  for (let seed = 1; outcomes.length + deaths.length * perWorker < total; seed++) {
    const r = await runWorker(1000 + seed, Math.min(perWorker, total - outcomes.length));
    outcomes.push(...r.outcomes);
    if (r.died) deaths.push(r.died);
    if (r.died && r.outcomes.length === 0) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const bad = outcomes.filter((o) => o.problems.length > 0);
  for (const o of bad.slice(0, 20)) console.error(`fuzz: ${o.kind} ${o.mutation}: ${o.problems.join(', ')} | asapsim ${o.args.join(' ')} | ${o.firstLine}`);
  for (const d of deaths) console.error(`fuzz: ${d}`);
  const byExit = [0, 1, 2].map((e) => `${outcomes.filter((o) => o.exit === e).length} exit ${e}`).join(', ');
  const kinds = [...new Set(outcomes.map((o) => o.kind))].map((k) => `${k} ${outcomes.filter((o) => o.kind === k).length}`).join(', ');
  return [
    {
      name: 'fuzz (every subcommand)',
      metric: `${outcomes.length} cases`,
      value: bad.length + deaths.length,
      unit: 'failing cases',
      target: 0,
      pass: bad.length + deaths.length === 0,
      note: `${byExit}; ${kinds}; slowest ${Math.max(...outcomes.map((o) => o.ms))} ms, max heap ${Math.max(...outcomes.map((o) => o.heapMB))} MB; ${seconds.toFixed(0)} s`,
    },
  ];
}
