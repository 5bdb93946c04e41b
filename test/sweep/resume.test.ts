// Durability of sweep results: a sweep killed with SIGKILL mid-way and resumed yields the same results as
// an uninterrupted run (and a worker-thread run the same as an in-process one); a torn last line is ignored
// and cut off; shards merge into the full sweep; files of another sweep are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResults } from '../../src/sweep/results.ts';

const bin = new URL('../../bin/asapsim.js', import.meta.url).pathname;
// 9 sizes x 2 batches x 3 rules = 54 points of the small convnet: a few seconds, long enough to kill mid-way.
const grid = [
  'sweep',
  '--models',
  'convnet',
  '--input',
  'mnist',
  '--batch',
  '4,8',
  '--rules',
  'bp,asap:2,asap:4',
  '--set',
  'buffer.capacity=4 KiB..1 MiB',
  '--name',
  's',
  '--no-report',
];

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const resultsOf = (file: string) => new Map(readResults(file).points.map((p) => [p.key, JSON.stringify(p.result)]));
const pointLines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"point"')).length
    : 0;

test('a sweep killed with SIGKILL mid-way, then resumed, equals an uninterrupted run', async () => {
  const ref = mkdtempSync(join(tmpdir(), 'asapsim-ref-'));
  const full = cli([...grid, '--jobs', '1'], ref);
  assert.equal(full.code, 0, full.stderr);
  const refFile = join(ref, 'reports', 's', 'points.jsonl');
  const expected = resultsOf(refFile);
  assert.equal(expected.size, 54);

  const dir = mkdtempSync(join(tmpdir(), 'asapsim-kill-'));
  const file = join(dir, 'reports', 's', 'points.jsonl');
  const child = spawn(process.execPath, [bin, ...grid, '--jobs', '2'], { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const deadline = Date.now() + 60_000;
  while (pointLines(file) < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', 'killed before it finished');
  const partial = readResults(file);
  assert.ok(partial.points.length >= 5 && partial.points.length < 54, `killed mid-way: ${partial.points.length} points`);
  // Simulate the worst case of a kill: half a line at the end.
  appendFileSync(file, '{"type":"point","sweep":"');

  const again = cli([...grid, '--jobs', '2'], dir);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /results file exists; pass --resume/);
  const resumed = cli([...grid, '--jobs', '2', '--resume'], dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`${54 - partial.points.length} points run, ${partial.points.length} already done`));
  const after = readResults(file);
  assert.equal(after.torn, false);
  assert.equal(after.points.length, 54, 'no point redone or lost');
  assert.deepEqual(resultsOf(file), expected);

  const nothing = cli([...grid, '--resume'], dir);
  assert.match(nothing.stdout, /0 points run, 54 already done/);
});

test('shards merge into the whole sweep; a file of another sweep is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-shard-'));
  const small = [
    'sweep',
    '--models',
    'convnet',
    '--input',
    'mnist',
    '--batch',
    '2',
    '--rules',
    'bp,asap:4',
    '--set',
    'buffer.capacity=16 KiB..64 KiB',
    '--name',
    'm',
    '--jobs',
    '1',
  ];
  for (const i of [0, 1]) assert.equal(cli([...small, '--shard', `${i}/2`], dir).code, 0);
  const s = join(dir, 'reports', 'm');
  const merged = cli(
    ['merge', join(s, 'points.shard-0-of-2.jsonl'), join(s, 'points.shard-1-of-2.jsonl'), join(s, 'points.shard-0-of-2.jsonl'), '-o', join(s, 'points.jsonl')],
    dir,
  );
  assert.equal(merged.code, 0, merged.stderr);
  assert.match(merged.stdout, /6 of 6 points .* 3 duplicates dropped/);
  assert.deepEqual([...readResults(join(s, 'points.jsonl')).points.map((p) => p.index)], [0, 1, 2, 3, 4, 5]);
  const report = cli(['report', '--from', s, '--out', join(s, 'report')], dir);
  assert.equal(report.code, 0, report.stderr);
  assert.ok(existsSync(join(s, 'report', 'index.html')));
  assert.ok(existsSync(join(s, 'report', 'traffic-vs-sweep.svg')));

  const other = cli([...small.slice(0, -4), '--set', 'buffer.capacity=16 KiB..32 KiB', '--name', 'o', '--jobs', '1', '--shard', '0/2'], dir);
  assert.equal(other.code, 0, other.stderr);
  const mixed = cli(
    ['merge', join(s, 'points.shard-0-of-2.jsonl'), join(dir, 'reports', 'o', 'points.shard-0-of-2.jsonl'), '-o', join(dir, 'mixed.jsonl')],
    dir,
  );
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /belongs to sweep [0-9a-f]+, but .* to sweep [0-9a-f]+; merge only shards of one sweep/);
  assert.ok(!existsSync(join(dir, 'mixed.jsonl')));
});
