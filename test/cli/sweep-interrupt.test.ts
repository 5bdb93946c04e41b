// Ctrl-C on a sweep: the process still dies of SIGINT, and first says how many points are saved and the
// exact command that resumes it (the command as typed, without --force, with --resume); that command then
// finishes the sweep without redoing a point. And the progress bar's ETA arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duration, eta } from '../../src/cli/progress.ts';
import { resumeCommand } from '../../src/cli/sweep.ts';

const bin = new URL('../../bin/asapsim.js', import.meta.url).pathname;
const grid = [
  'sweep',
  '--model',
  'convnet',
  '--input',
  'mnist',
  '--batch',
  '2',
  '--rules',
  'bp,asap',
  '--set',
  'buffer.capacity=16 KiB..16 MiB',
  '--name',
  's',
  '--no-report',
];
const points = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"point"')).length
    : 0;

test('SIGINT mid-sweep: "N of M points are saved", the resume command, death by SIGINT; the command resumes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-int-'));
  const file = join(dir, 'reports', 's', 'points.jsonl');
  const child = spawn(process.execPath, [bin, ...grid, '--jobs', '1', '--force'], { cwd: dir, env: { ...process.env, CI: 'true' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
  const deadline = Date.now() + 60_000;
  while (points(file) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGINT');
  assert.equal(await exited, 'SIGINT');
  const saved = points(file);
  assert.ok(saved >= 2 && saved < 22, `${saved} points`);
  const m = /interrupted: (\d+) of 22 points are saved in (\S+); resume with:\n {2}(.+)\n/.exec(stderr);
  assert.ok(m, stderr);
  assert.equal(Number(m[1]), saved);
  assert.equal(m[2], join('reports', 's', 'points.jsonl'));
  const command = m[3];
  assert.ok(command.startsWith('asapsim sweep ') && command.endsWith(' --resume') && !command.includes('--force'), command);
  // The printed command, run as printed (asapsim = bin/asapsim.js).
  const again = spawnSync('sh', ['-c', command.replace(/^asapsim /, `"${process.execPath}" "${bin}" `)], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`${22 - saved} points run, ${saved} already done`));
  assert.equal(points(file), 22);
});

test('resumeCommand drops --force and adds --resume once', () => {
  assert.equal(resumeCommand(['node', 'asapsim', 'sweep', 'g.yaml', '--force']), 'asapsim sweep g.yaml --resume');
  assert.equal(
    resumeCommand(['node', 'asapsim', 'sweep', '--set', 'buffer.capacity=64 KiB..1 MiB', '--resume']),
    'asapsim sweep --set "buffer.capacity=64 KiB..1 MiB" --resume',
  );
});

test('ETA: time per item so far times the items left', () => {
  assert.equal(eta(0, 10, 5000), 'ETA after the first');
  assert.equal(eta(2, 10, 30_000), `ETA ${duration(120_000)}`);
  assert.equal(duration(120_000), '2m 00s');
  assert.equal(duration(3_723_000), '1h 02m');
  assert.equal(duration(12_400), '12s');
  assert.equal(eta(10, 10, 1), 'done');
});
