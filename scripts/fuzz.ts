// The fuzz harness: every subcommand run with mutated configs, traces, request traces, sweep results,
// metrics, checkpoints, datasets and flags, through the real CLI entry point. Each case runs in a fresh
// sandbox (root/work is the working directory, root/outside holds a sentinel) and must: print no "internal
// error", exit 0, 1 or 2, finish within its time bound, keep the heap bounded, and touch nothing but the
// output paths its command line names. Run as a worker (`node --import tsx scripts/fuzz.ts --seed S --count N
// [--only KIND]`), it prints one JSON line per case on stdout; stdout of the commands themselves is swallowed.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Prng } from '../src/util/prng.ts';

export type FuzzKind = 'arch' | 'trace' | 'request' | 'results' | 'metrics' | 'checkpoint' | 'dataset' | 'flags';
export const fuzzKinds: FuzzKind[] = ['arch', 'trace', 'request', 'results', 'metrics', 'checkpoint', 'dataset', 'flags'];

export interface FuzzCase {
  index: number;
  kind: FuzzKind;
  mutation: string;
  /** Files under work/ before the run. */
  files: Record<string, string | Uint8Array>;
  args: string[];
  /** Paths (relative to work/) the command may create or change: its named outputs. */
  outputs: string[];
}

export interface FuzzOutcome {
  index: number;
  kind: FuzzKind;
  mutation: string;
  args: string[];
  exit: number;
  ms: number;
  heapMB: number;
  firstLine: string;
  problems: string[];
}

/** Values a hostile user types: wrong types, edge numbers, prototype names, path tricks, huge strings. */
const hostile: unknown[] = [
  0,
  -1,
  1e308,
  -1e308,
  1.5,
  2 ** 53 + 1,
  '',
  'x',
  '__proto__',
  'constructor',
  'toString',
  null,
  true,
  [],
  {},
  '1 Kib',
  '512 KB',
  '0 B',
  '256 GiB',
  '1 B',
  'NaN',
  'Infinity',
  '-0',
  '../x',
  'a/b',
  'x'.repeat(5000),
];
const hostileFlag = [
  '0',
  '-1',
  '1e308',
  'NaN',
  'Infinity',
  '',
  'constructor',
  '__proto__',
  'toString',
  '..',
  '.',
  'a/b',
  '../outside',
  'x'.repeat(300),
  '1,2',
  'bp,constructor',
  'asap:3',
  '100000',
];

function pick<T>(r: Prng, a: readonly T[]): T {
  return a[r.int(a.length)];
}

/** One textual mutation of a file: byte flips, cuts, duplicated/dropped/swapped lines, garbage. */
function mutateText(r: Prng, text: string): [string, string] {
  const lines = text.split('\n');
  const i = r.int(Math.max(1, lines.length - 1));
  switch (r.int(9)) {
    case 0: {
      const p = r.int(text.length);
      return [`flip byte ${p}`, text.slice(0, p) + String.fromCharCode(r.int(128)) + text.slice(p + 1)];
    }
    case 1: {
      const p = r.int(text.length);
      return [`cut at ${p}`, text.slice(0, p)];
    }
    case 2:
      return [`duplicate line ${i + 1}`, [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n')];
    case 3:
      return [`drop line ${i + 1}`, [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n')];
    case 4: {
      const j = r.int(lines.length);
      const out = [...lines];
      [out[i], out[j]] = [out[j], out[i]];
      return [`swap lines ${i + 1} and ${j + 1}`, out.join('\n')];
    }
    case 5:
      return ['empty file', ''];
    case 6:
      return ['no newline, 1 MiB', 'x'.repeat(1 << 20)];
    case 7:
      return [`NUL bytes in line ${i + 1}`, [...lines.slice(0, i), '\0\0\0', ...lines.slice(i)].join('\n')];
    default:
      return [`garbage line ${i + 1}`, [...lines.slice(0, i), '{"type":', ...lines.slice(i)].join('\n')];
  }
}

/** Replaces one value at a random path of a JSON value with a hostile one. */
function mutateJson(r: Prng, value: unknown): [string, unknown] {
  const path: (string | number)[] = [];
  let node = value;
  let parent: Record<string | number, unknown> | undefined;
  while (node !== null && typeof node === 'object' && (path.length === 0 || r.next() < 0.7)) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const k = pick(r, keys);
    parent = node as Record<string, unknown>;
    path.push(Array.isArray(node) ? Number(k) : k);
    node = parent[k];
  }
  const v = structuredClone(pick(r, hostile));
  if (!parent) return ['whole value', v];
  const last = path[path.length - 1];
  if (r.next() < 0.2) {
    delete parent[last];
    return [`delete ${path.join('.')}`, value];
  }
  parent[last] = v;
  return [`${path.join('.')} = ${JSON.stringify(v)?.slice(0, 40)}`, value];
}

function mutateJsonl(r: Prng, text: string): [string, string] {
  if (r.next() < 0.35) return mutateText(r, text);
  const lines = text.trimEnd().split('\n');
  const i = r.int(lines.length);
  const [what, v] = mutateJson(r, JSON.parse(lines[i]));
  lines[i] = JSON.stringify(v);
  return [`line ${i + 1}: ${what}`, lines.join('\n') + '\n'];
}

function mutateYaml(r: Prng, text: string): [string, string] {
  const k = r.int(4);
  if (k === 0) return mutateText(r, text);
  if (k === 1) {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, n) =>
          `${'bcdefghi'[n]}: &${'bcdefghi'[n]} [*${'abcdefgh'[n]}, *${'abcdefgh'[n]}, *${'abcdefgh'[n]}, *${'abcdefgh'[n]}, *${'abcdefgh'[n]}, *${'abcdefgh'[n]}, *${'abcdefgh'[n]}, *${'abcdefgh'[n]}, *${'abcdefgh'[n]}]`,
      ),
    ];
    return ['alias bomb', text + '\n' + bomb.join('\n') + '\n'];
  }
  const lines = text.split('\n');
  const values = lines.map((l, n) => [l, n] as const).filter(([l]) => /^\s*[\w.]+:\s*\S/.test(l) && !l.trim().startsWith('#'));
  const [line, n] = pick(r, values);
  const v = pick(r, hostile);
  const replaced = line.replace(/:\s*.*$/, `: ${JSON.stringify(v)}`);
  lines[n] = replaced;
  return [`line ${n + 1}: ${replaced.trim().slice(0, 50)}`, lines.join('\n')];
}

function mutateBytes(r: Prng, bytes: Uint8Array): [string, Uint8Array] {
  const b = Uint8Array.from(bytes);
  switch (r.int(4)) {
    case 0: {
      const p = r.int(Math.min(b.length, 64));
      b[p] = r.int(256);
      return [`header byte ${p} = ${b[p]}`, b];
    }
    case 1: {
      const p = r.int(b.length);
      return [`cut at ${p}`, b.subarray(0, p)];
    }
    case 2: {
      for (let n = 0; n < 8; n++) b[r.int(b.length)] = r.int(256);
      return ['8 random bytes', b];
    }
    default:
      return ['random file', Uint8Array.from({ length: 1 + r.int(256) }, () => r.int(256))];
  }
}

export interface Corpus {
  arch: string;
  trace: string;
  request: string;
  results: string;
  /** A compare report's results.json (one JSON document). */
  compareResults: string;
  metrics: string;
  checkpoint: Uint8Array;
  idx: Record<string, Uint8Array>;
}

const workload = ['--model', 'convnet', '--input', 'mnist', '--batch', '2', '--width', '0.25'];

/** The cases of one seed: `count` of them, cycling through the kinds (or only `only`). */
export function fuzzCases(corpus: Corpus, seed: number, count: number, only?: FuzzKind): FuzzCase[] {
  const r = new Prng(seed);
  const cases: FuzzCase[] = [];
  for (let index = 0; index < count; index++) {
    const kind = only ?? fuzzKinds[index % fuzzKinds.length];
    // The outputs a command line names (the value after -o, --out, --export-dram-trace): all it may touch.
    const outputsOf = (args: string[]) =>
      args.flatMap((a, n) => (['-o', '--out', '--output', '--export-dram-trace'].includes(a) && n + 1 < args.length ? [args[n + 1]] : []));
    const c = (mutation: string, files: FuzzCase['files'], args: string[]): FuzzCase => ({ index, kind, mutation, files, args, outputs: outputsOf(args) });
    if (kind === 'arch') {
      const [m, text] = mutateYaml(r, corpus.arch);
      const mode = pick(r, ['analytic', 'cycle']);
      cases.push(c(m, { 'in/a.yaml': text }, ['compare', '--arch', 'in/a.yaml', ...workload, '--rules', 'bp,asap', '--mode', mode, '--no-report']));
    } else if (kind === 'trace') {
      const [m, text] = mutateJsonl(r, corpus.trace);
      cases.push(c(m, { 'in/t.jsonl': text }, ['simulate', '--trace', 'in/t.jsonl', '--export-dram-trace', 'out/r.trace', '--json']));
    } else if (kind === 'request') {
      const [m, text] = mutateText(r, corpus.request);
      const preset = pick(r, ['DDR4-2400-8Gb-x8', 'LPDDR4-3200', 'HBM2']);
      cases.push(c(m, { 'in/r.trace': text }, ['dram', '--trace', 'in/r.trace', '--format', 'dramsim3', '--preset', preset]));
    } else if (kind === 'results') {
      const [m, text] = mutateJsonl(r, corpus.results);
      const k = r.int(3);
      if (k === 0) {
        const [mc, doc] =
          r.next() < 0.3
            ? mutateText(r, corpus.compareResults)
            : (([w, v]) => [w, JSON.stringify(v)] as [string, string])(mutateJson(r, JSON.parse(corpus.compareResults)));
        cases.push(c(`compare results.json: ${mc}`, { 'in/r/results.json': doc }, ['report', '--from', 'in/r', '--out', 'out/rep', '--chart-format', 'svg']));
      } else if (k === 1) cases.push(c(m, { 'in/p.jsonl': text }, ['merge', 'in/p.jsonl', '-o', 'out/m.jsonl']));
      else cases.push(c(m, { 'in/p.jsonl': text }, ['report', '--from', 'in/p.jsonl', '--out', 'out/rep', '--chart-format', 'svg']));
    } else if (kind === 'metrics') {
      const [m, text] = mutateJsonl(r, corpus.metrics);
      cases.push(c(m, { 'in/m.jsonl': text }, ['compare', ...workload, '--rules', 'bp', '--metrics', 'in/m.jsonl', '--out', 'out', '--chart-format', 'svg']));
    } else if (kind === 'checkpoint') {
      const [m, bytes] = mutateBytes(r, corpus.checkpoint);
      cases.push(c(m, { 'in/c.safetensors': bytes }, ['eval', '--checkpoint', 'in/c.safetensors', '--test-limit', '4', '--batch', '2']));
    } else if (kind === 'dataset') {
      const names = Object.keys(corpus.idx);
      const name = pick(r, names);
      const gz = r.next() < 0.5;
      const [m, bytes] = mutateBytes(r, corpus.idx[name]);
      const files: FuzzCase['files'] = {};
      for (const n of names) {
        const data = n === name ? bytes : corpus.idx[n];
        files[`in/d/${n}${gz ? '.gz' : ''}`] = gz ? (n === name && r.next() < 0.5 ? data : gzipSync(data)) : data;
      }
      cases.push(
        c(`${name}${gz ? '.gz' : ''}: ${m}`, files, [
          'train',
          '--data',
          'mnist',
          '--data-dir',
          'in/d',
          '--model',
          'convnet',
          '--width',
          '0.25',
          '--batch',
          '2',
          '--train-limit',
          '4',
          '--test-limit',
          '4',
          '--quiet',
          '-o',
          'out/run',
        ]),
      );
    } else {
      // Flags: a command with one flag value replaced by a hostile one (or an unknown flag added).
      const templates: Array<{ args: string[] }> = [
        { args: ['compare', ...workload, '--rules', 'bp,asap', '--out', 'out', '--name', 'n', '--chart-format', 'svg'] },
        { args: ['trace', ...workload, '--rule', 'bp', '-o', 'out/t.jsonl'] },
        {
          args: ['sweep', ...workload, '--rules', 'bp', '--set', 'buffer.capacity=64 KiB,128 KiB', '--out', 'out', '--name', 's', '--jobs', '1', '--no-report'],
        },
        { args: ['dram', '--trace', 'in/r.trace', '--format', 'dramsim3', '--set', 'tCL=17'] },
        { args: ['simulate', '--trace', 'in/t.jsonl', '--mode', 'analytic'] },
        { args: ['merge', 'in/p.jsonl', '-o', 'out/m.jsonl'] },
        { args: ['presets', '--json'] },
      ];
      const t = pick(r, templates);
      const args = [...t.args];
      const valueAt = args.map((a, n) => [a, n] as const).filter(([a, n]) => n > 0 && !a.startsWith('-') && args[n - 1].startsWith('-'));
      let m: string;
      if (valueAt.length && r.next() < 0.85) {
        const [, n] = pick(r, valueAt);
        const v = pick(r, hostileFlag);
        m = `${args[n - 1]} ${JSON.stringify(v).slice(0, 30)}`;
        args[n] = v;
      } else {
        const f = pick(r, ['--force', '--bogus', '--set', '--name', '--out']);
        const v = pick(r, hostileFlag);
        args.push(f, v);
        m = `${f} ${JSON.stringify(v).slice(0, 30)}`;
      }
      cases.push(c(m, { 'in/r.trace': corpus.request, 'in/t.jsonl': corpus.trace, 'in/p.jsonl': corpus.results }, args));
    }
  }
  return cases;
}

type Snapshot = Map<string, string>;

function snapshot(root: string): Snapshot {
  const out: Snapshot = new Map();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const s = lstatSync(p);
      if (s.isDirectory()) {
        out.set(p, 'dir');
        walk(p);
      } else out.set(p, s.isFile() ? createHash('sha1').update(readFileSync(p)).digest('hex') : 'special');
    }
  };
  walk(root);
  return out;
}

/** Runs one case in a fresh sandbox through `main`, in this process (stdout swallowed). */
export async function runFuzzCase(c: FuzzCase, main: (argv: string[]) => Promise<number>, limitMs: number, limitHeapMB: number): Promise<FuzzOutcome> {
  const root = mkdtempSync(join(tmpdir(), 'asapsim-fuzz-'));
  const work = join(root, 'work');
  mkdirSync(join(root, 'outside'), { recursive: true });
  writeFileSync(join(root, 'outside', 'sentinel.txt'), 'not asapsim output\n');
  for (const [name, data] of Object.entries(c.files)) {
    mkdirSync(dirname(join(work, name)), { recursive: true });
    writeFileSync(join(work, name), data);
  }
  mkdirSync(work, { recursive: true });
  const before = snapshot(root);
  const cwd = process.cwd();
  const writeErr = process.stderr.write;
  const writeOut = process.stdout.write;
  let stderr = '';
  process.chdir(work);
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const t0 = performance.now();
  let exit: number;
  try {
    exit = await main(['node', 'asapsim', ...c.args]);
  } catch (e) {
    exit = -1;
    stderr += `escaped main: ${(e as Error).stack}`;
  } finally {
    process.stderr.write = writeErr;
    process.stdout.write = writeOut;
    process.chdir(cwd);
  }
  const ms = performance.now() - t0;
  const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
  const after = snapshot(root);
  const allowed = c.outputs.map((o) => resolve(work, o));
  // An output's own path, anything under it, and the directories made to hold it.
  const isAllowed = (p: string) => allowed.some((a) => p === a || p.startsWith(a + sep) || (after.get(p) === 'dir' && a.startsWith(p + sep)));
  const problems: string[] = [];
  for (const [p, h] of after) if (before.get(p) !== h && !isAllowed(p)) problems.push(`${before.has(p) ? 'changed' : 'created'} ${relative(root, p)}`);
  for (const p of before.keys()) if (!after.has(p) && !isAllowed(p)) problems.push(`deleted ${relative(root, p)}`);
  if (/internal error/.test(stderr)) problems.push('internal error');
  if (![0, 1, 2].includes(exit)) problems.push(`exit ${exit}`);
  if (exit !== 0 && stderr.trimEnd().split('\n').length !== 1) problems.push('not one line');
  if (ms > limitMs) problems.push(`took ${Math.round(ms)} ms (limit ${limitMs})`);
  if (heapMB > limitHeapMB) problems.push(`heap ${Math.round(heapMB)} MB (limit ${limitHeapMB})`);
  rmSync(root, { recursive: true, force: true });
  return {
    index: c.index,
    kind: c.kind,
    mutation: c.mutation,
    args: c.args,
    exit,
    ms: Math.round(ms),
    heapMB: Math.round(heapMB),
    firstLine: stderr.split('\n')[0].slice(0, 300),
    problems,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, dflt: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : dflt;
  };
  const { buildCorpus } = await import('./fuzz-corpus.ts');
  const { main } = await import('../src/cli/main.ts');
  const corpus = await buildCorpus();
  const only = process.argv.includes('--only') ? (arg('--only', '') as FuzzKind) : undefined;
  const cases = fuzzCases(corpus, Number(arg('--seed', '1')), Number(arg('--count', '40')), only);
  const limitMs = Number(arg('--limit-ms', '60000'));
  for (const c of cases) {
    // The parent sees which case was running if this process hangs or dies.
    process.stderr.write(`case ${c.index}\n`);
    const o = await runFuzzCase(c, main, limitMs, Number(arg('--limit-heap-mb', '1500')));
    writeOutLine(JSON.stringify(o));
  }
}

function writeOutLine(line: string): void {
  process.stdout.write(line + '\n');
}
