// The source tree as a table of contents: stages import only downward, no import cycle between files or
// between the parts of any folder, no source file over 400 lines, every stage folder says what it owns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

const src = new URL('../../src/', import.meta.url).pathname;

/** Stages from the bottom up: a file may import its own stage or a lower one, never a higher one. */
const stages = ['util', 'trace', 'net', 'dram', 'arch', 'sim', 'analysis', 'sweep', 'engine', 'report', 'cli'] as const;
const MAX_LINES = 400;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sources(src).map((f) => relative(src, f));
const specifier = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** file -> the src files it imports (relative paths), type-only imports included. */
const graph = new Map<string, string[]>(
  files.map((f) => {
    const text = readFileSync(join(src, f), 'utf8');
    const targets = [...text.matchAll(specifier)].map((m) => normalize(join(dirname(f), m[1] ?? m[2]!)));
    return [f, targets.filter((t) => t.endsWith('.ts'))];
  }),
);

/** Strongly connected components with more than one member (or a self-loop), by Tarjan's algorithm. */
function cycles(nodes: string[], edges: (n: string) => string[]): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges(v).includes(v)) found.push(scc.sort());
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return found;
}

test('every import names a source file that exists', () => {
  for (const [f, targets] of graph) for (const t of targets) assert.ok(existsSync(join(src, t)), `${f} imports missing ${t}`);
});

test('no import cycle between files', () => {
  assert.deepEqual(
    cycles(files, (f) => graph.get(f) ?? []),
    [],
  );
});

test('stages import only downward (util < trace < net < dram < arch < sim < analysis < sweep < engine < report < cli)', () => {
  const level = (f: string): number => {
    const top = f.split(sep)[0]!;
    const l = stages.indexOf(top as (typeof stages)[number]);
    assert.ok(l >= 0, `${f}: not under a known stage folder (${stages.join(', ')})`);
    return l;
  };
  const upward = [...graph].flatMap(([f, ts]) => ts.filter((t) => level(t) > level(f)).map((t) => `${f} -> ${t}`));
  assert.deepEqual(upward, []);
});

test('inside every folder, its files and subfolders import each other without a cycle', () => {
  const dirs = new Set(files.map((f) => dirname(f)).flatMap((d) => d.split(sep).map((_, i, parts) => parts.slice(0, i + 1).join(sep))));
  dirs.add('.');
  for (const dir of dirs) {
    const prefix = dir === '.' ? '' : dir + sep;
    // The part of `dir` a file belongs to: the file itself if it sits in dir, else the subfolder holding it.
    const part = (f: string): string | undefined => (f.startsWith(prefix) ? f.slice(prefix.length).split(sep)[0] : undefined);
    const edges = new Map<string, Set<string>>();
    for (const [f, ts] of graph) {
      const from = part(f);
      if (from === undefined) continue;
      for (const t of ts) {
        const to = part(t);
        if (to !== undefined && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const found = cycles([...edges.keys()], (n) => [...(edges.get(n) ?? [])]);
    assert.deepEqual(found, [], `cycle among the parts of src/${dir}`);
  }
});

test(`no source file over ${MAX_LINES} lines`, () => {
  const long = files.map((f) => [f, readFileSync(join(src, f), 'utf8').split('\n').length] as const).filter(([, n]) => n > MAX_LINES);
  assert.deepEqual(long, []);
});

test('every stage folder has a README saying what it owns', () => {
  for (const stage of stages) {
    const readme = join(src, stage, 'README.md');
    assert.ok(existsSync(readme), `src/${stage}/README.md is missing`);
    assert.ok(readFileSync(readme, 'utf8').trim().split('\n').length >= 2, `src/${stage}/README.md says nothing`);
  }
});
