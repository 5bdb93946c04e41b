// Dev check for speed work on the DRAM model: `asapsim dram --json` and its --command-trace, byte for byte,
// between two checkouts (each built: bin/asapsim.js runs its dist/), on the dram bench's 1M traces and on
// 200k-request traces over every kind of preset (DDR4 open and closed page, DDR5 same-bank refresh, HBM2 and
// HBM2 pseudo channels with per-bank refresh, LPDDR5X, LPDDR4 FCFS, GDDR6, two ranks with a one-per-cycle
// front end).
//   node --import tsx bench/dram-identical.ts BEFORE_ROOT [AFTER_ROOT (default: this checkout)]
// e.g. BEFORE_ROOT from `git worktree add /tmp/before HEAD~1 && (cd /tmp/before && npm install)`.
// Prints one line per case and exits 1 if any differs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './dram.ts';
import { TraceWriter } from '../src/dram/trace-formats.ts';

const [before, after = fileURLToPath(new URL('../', import.meta.url))] = process.argv.slice(2).map((p) => resolve(p));
if (!before) {
  console.error('usage: node --import tsx bench/dram-identical.ts BEFORE_ROOT [AFTER_ROOT]');
  process.exit(2);
}

/** 200k requests within 1 GiB (the smallest preset, GDDR6), two per cycle: random 50 % writes, or a mix with sequential runs. */
function presetTrace(file: string, mixed: boolean): void {
  let x = 12345;
  const r = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const w = new TraceWriter(file, 'dramsim3');
  for (let i = 0; i < 200_000; i++) {
    if (!mixed) w.write(Math.floor(r() * 2 ** 24) * 64, r() < 0.5, Math.floor(i / 2));
    else w.write(((i >> 6) & 3) === 0 ? (i * 64) % 2 ** 30 : Math.floor(r() * 2 ** 24) * 64, r() < 0.3, i * 3);
  }
  w.close();
}

const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-identical-'));
let differ = 0;
let cases = 0;

function compare(name: string, args: string[]): void {
  const out = (root: string) => {
    const cmd = join(dir, `${name}.${root === before ? 'before' : 'after'}.cmd`);
    const p = spawnSync(process.execPath, [join(root, 'bin/asapsim.js'), 'dram', ...args, '--json', '--command-trace', cmd], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (p.status !== 0) throw new Error(`${root}: asapsim dram ${args.join(' ')}: ${p.stderr}`);
    const trace = readFileSync(cmd);
    rmSync(cmd);
    return { json: p.stdout, trace };
  };
  const a = out(before);
  const b = out(after);
  const same = a.json === b.json && a.trace.equals(b.trace);
  cases++;
  if (!same) differ++;
  console.log(`${same ? 'same' : 'DIFFERENT'}  ${name} (${b.trace.toString('latin1').split('\n').length - 1} commands)`);
}

try {
  const bench = [
    '--preset',
    'DDR4-2400-8Gb-x8',
    '--set',
    'mapping=RoBaRaCoCh',
    '--set',
    'scheduler=fr-fcfs',
    '--set',
    'pagePolicy=open',
    '--format',
    'dramsim3',
  ];
  for (const kind of ['seq', 'rand', 'rand-rw'] as const) {
    const f = join(dir, `${kind}.trc`);
    generate(f, kind, 1_000_000);
    compare(`bench ${kind} 1M`, ['--trace', f, ...bench]);
    if (kind === 'rand-rw') compare(`bench ${kind} 1M, 48-deep queues`, ['--trace', f, ...bench, '--set', 'readQueue=48', '--set', 'writeQueue=48']);
    rmSync(f);
  }
  const presets: [string, string[]][] = [
    ['DDR4-3200 x16', ['--preset', 'DDR4-3200-8Gb-x16']],
    ['DDR4-2400 closed page, XorBank', ['--preset', 'DDR4-2400-8Gb-x8', '--set', 'pagePolicy=closed', '--set', 'mapping=XorBank']],
    ['DDR5-4800 same-bank refresh', ['--preset', 'DDR5-4800-16Gb-x8', '--set', 'refresh=samebank']],
    ['HBM2', ['--preset', 'HBM2-2Gbps']],
    ['HBM2 pseudo channels, per-bank refresh', ['--preset', 'HBM2-PC-2Gbps', '--set', 'refresh=perbank']],
    ['LPDDR5X-8533', ['--preset', 'LPDDR5X-8533']],
    ['LPDDR4-3200 per-bank refresh, FCFS', ['--preset', 'LPDDR4-3200', '--set', 'refresh=perbank', '--set', 'scheduler=fcfs']],
    ['GDDR6', ['--preset', 'GDDR6-14Gbps']],
    ['DDR4-2400 2 ranks, one-per-cycle', ['--preset', 'DDR4-2400-8Gb-x8', '--set', 'ranks=2', '--set', 'frontend=one-per-cycle']],
  ];
  for (const mixed of [false, true]) {
    const f = join(dir, `preset-${mixed}.trc`);
    presetTrace(f, mixed);
    for (const [name, args] of presets) compare(`${mixed ? 'mixed' : 'random'} 200k, ${name}`, ['--trace', f, '--format', 'dramsim3', ...args]);
    rmSync(f);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${cases} cases: ${differ === 0 ? 'all identical' : `${differ} differ`}`);
process.exitCode = differ === 0 ? 0 : 1;
