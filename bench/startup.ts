// Start-up CPU of the CLI as installed (dist/, built first, as npm install does): --version, --help of the
// program and of every command, each under /usr/bin/time (user + system CPU seconds, median of 3), against
// the 0.3 s target of issue 14; and a small compare (convnet, MNIST shape, batch 4, no report) next to its
// own --help, to show the run is dominated by its work, not its start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './result.ts';
import { commands } from '../src/cli/main.ts';

const root = new URL('../', import.meta.url).pathname;
const bin = join(root, 'bin/asapsim.js');
const TIME = '/usr/bin/time';

function cpuSeconds(args: string[]): number {
  const out = join(mkdtempSync(join(tmpdir(), 'asapsim-time-')), 'time');
  const r = spawnSync(TIME, ['-f', '%U %S', '-o', out, process.execPath, bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`asapsim ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const [user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return user + sys;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(TIME)) return [{ name: 'startup', metric: 'skipped', value: 0, unit: '', note: `${TIME} not installed (apt-get install time)` }];
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
  const cases: Array<[string, string[]]> = [
    ['--version', ['--version']],
    ['--help', ['--help']],
    ...Object.keys(commands).map((c): [string, string[]] => [`${c} --help`, [c, '--help']]),
  ];
  const results: BenchResult[] = cases.map(([name, args]) => {
    const s = median([0, 1, 2].map(() => cpuSeconds(args)));
    return { name: `asapsim ${name}`, metric: 'CPU (user+sys)', value: Number(s.toFixed(3)), unit: 's', target: 0.3, pass: s < 0.3 };
  });
  const small = ['compare', '--model', 'convnet', '--input', 'mnist', '--batch', '4', '--no-report'];
  const work = median([0, 1, 2].map(() => cpuSeconds(small)));
  const start = median([0, 1, 2].map(() => cpuSeconds(['compare', '--help'])));
  results.push({
    name: 'asapsim compare (convnet, batch 4)',
    metric: 'CPU (user+sys)',
    value: Number(work.toFixed(3)),
    unit: 's',
    note: `start-up (compare --help) is ${((start / work) * 100).toFixed(0)}% of it`,
  });
  return results;
}
