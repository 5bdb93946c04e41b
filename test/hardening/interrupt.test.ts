// An interrupted run leaves no half-written output: `compare` killed while its report is being staged, and
// `trace` killed while writing, by SIGTERM/SIGINT (temporaries removed, the process dies of the signal) and by
// SIGKILL (nothing can run: the final output is absent or complete, and the next write into the directory
// removes the dead process's temporaries). Spawns the real CLI, so it costs a few seconds per run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { removeStale, TEMP_NAME } from '../../src/util/cleanup.ts';
import { loadTrace } from '../../src/trace/io.ts';

const bin = new URL('../../bin/asapsim.js', import.meta.url).pathname;

/** Runs the CLI in `cwd` and sends `signal` as soon as `ready(pid)` holds, checked on every change in `watchDir` and every 2 ms. */
async function killWhen(args: string[], cwd: string, watchDir: string, ready: (pid: number) => boolean, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
  let sent = false;
  const fire = () => {
    if (!sent && child.pid && ready(child.pid)) {
      sent = true;
      child.kill(signal);
    }
  };
  // Not recursive: Node 20 emulates recursive watching on Linux and throws when a watched subfolder (the
  // report's staging folder) vanishes between the event and its scan; the 2 ms poll sees inside subfolders.
  const watcher = watch(watchDir, fire);
  watcher.on('error', () => {});
  const poll = setInterval(fire, 2);
  const [code, killedBy] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  watcher.close();
  clearInterval(poll);
  return { code, killedBy, sent, pid: child.pid! };
}

const compareArgs = [
  'compare',
  '--model',
  'convnet',
  '--input',
  'mnist',
  '--batch',
  '2',
  '--rules',
  'bp,asap',
  '--chart-format',
  'svg,png,pdf',
  '--out',
  'reports',
  '--name',
  'r',
];
/** The temporaries of process `pid` in `dir`: our marked names (host, pid, random token). */
const tempsOf = (dir: string, pid: number) => readdirSync(dir).filter((f) => TEMP_NAME.exec(f)?.[3] === String(pid));
const stagingHasFiles = (cwd: string) => (pid: number) =>
  tempsOf(join(cwd, 'reports'), pid).some((s) => s.endsWith('.staging') && readdirSync(join(cwd, 'reports', s)).length > 0);

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  test(`compare killed by ${signal} while writing its report leaves no report and, after cleanup, no temporaries`, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'asapsim-kill-'));
    mkdirSync(join(cwd, 'reports'));
    const r = await killWhen(compareArgs, cwd, join(cwd, 'reports'), stagingHasFiles(cwd), signal);
    assert.ok(r.sent, 'the staging directory appeared with files in it');
    assert.equal(r.killedBy, signal, `died of the signal (exit ${r.code})`);
    assert.ok(!existsSync(join(cwd, 'reports', 'r')), 'no report directory');
    const left = readdirSync(join(cwd, 'reports'));
    if (signal === 'SIGTERM') assert.deepEqual(left, [], 'the handler removed the staging directory');
    else {
      assert.deepEqual(
        left.sort(),
        ['.r.asapsim-lock', ...tempsOf(join(cwd, 'reports'), r.pid)].sort(),
        'only the dead process staging directory and its claim',
      );
      assert.equal(tempsOf(join(cwd, 'reports'), r.pid).length, 1);
      assert.deepEqual(removeStale(join(cwd, 'reports')).sort(), left.sort());
      assert.deepEqual(readdirSync(join(cwd, 'reports')), []);
    }
  });
}

test('trace killed by SIGKILL or SIGINT mid-run: the output is absent or complete, temporaries go', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'asapsim-kill-'));
  mkdirSync(join(cwd, 'out'));
  for (const signal of ['SIGKILL', 'SIGINT'] as const) {
    const args = ['trace', '--model', 'resnet34', '--input', 'imagenet', '--batch', '256', '--rule', 'asap:4', '-o', `out/${signal}.jsonl`];
    const r = await killWhen(args, cwd, join(cwd, 'out'), (pid) => tempsOf(join(cwd, 'out'), pid).length > 0, signal);
    const final = join(cwd, 'out', `${signal}.jsonl`);
    if (existsSync(final)) assert.ok((await loadTrace(final)).events.length > 0, 'a complete, valid trace');
    // A synchronous write cannot be interrupted by a catchable signal, so SIGINT lands before or after it.
    if (signal === 'SIGINT') assert.deepEqual(tempsOf(join(cwd, 'out'), r.pid), [], 'no temporary of the interrupted run');
    removeStale(join(cwd, 'out'));
    assert.deepEqual(
      readdirSync(join(cwd, 'out')).filter((f) => TEMP_NAME.test(f)),
      [],
    );
  }
});
