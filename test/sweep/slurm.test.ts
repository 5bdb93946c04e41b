// The Slurm recipe of docs/sweep.md, run for real: a single-node Slurm (Debian's slurmctld + slurmd, munge
// for authentication, everything on 127.0.0.1 and in a temporary directory) receives the documented job-array
// script unchanged, for a small sweep file; the test waits for the array, merges the shards with the
// documented merge command and checks the merged points equal a local run of the same sweep. Where Slurm
// cannot start (no packages, not root, no free ports) the test says why and skips; .ci/run installs the
// packages (apt-get install -y slurm-wlm munge), so CI runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo, availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { readResults } from '../../src/sweep/results.ts';

const repo = new URL('../../', import.meta.url).pathname;
const bin = join(repo, 'bin/asapsim.js');
const daemons = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'sinfo'];

/** The script under "### Slurm job array" in docs/sweep.md, as a user would copy it. */
export function documentedArrayScript(doc: string): string {
  const m = /### Slurm job array\n+```sh\n([\s\S]*?)```/.exec(doc);
  if (!m) throw new Error('docs/sweep.md: no ```sh block under "### Slurm job array"');
  return m[1];
}

/** The merge command documented after the array, for `shards` shards. */
function documentedMerge(doc: string, shards: number): string[] {
  const line = /npx asapsim merge (\S+) -o (\S+)/.exec(doc.slice(doc.indexOf('### Slurm job array')));
  if (!line) throw new Error('docs/sweep.md: no "npx asapsim merge ... -o ..." after the Slurm array');
  return [line[1].replace(/-of-\d+/, `-of-${shards}`), line[2]];
}

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function until(what: string, ok: () => boolean, ms: number, log: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what} did not come up in ${ms / 1000} s: ${log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const tail = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ') : '(no log)');

interface Cluster {
  env: NodeJS.ProcessEnv;
  stop(): void;
}

/** munged, slurmctld and slurmd on 127.0.0.1, state and sockets under `dir`. Throws (with the logs) if they do not start. */
async function startSlurm(dir: string): Promise<Cluster> {
  const user = userInfo().username;
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const c of children.reverse()) if (c.exitCode === null) c.kill('SIGTERM');
  };
  try {
    const key = join(dir, 'munge.key');
    const made = spawnSync('mungekey', ['-c', '-k', key], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mungekey: ${made.stderr.trim()}`);
    const socket = join(dir, 'munge.sock');
    const munged = [
      '-F',
      '-f',
      `--key-file=${key}`,
      `--socket=${socket}`,
      `--pid-file=${dir}/munged.pid`,
      `--log-file=${dir}/munged.log`,
      `--seed-file=${dir}/munged.seed`,
    ];
    children.push(spawn('munged', munged, { stdio: 'ignore' }));
    await until(
      'munged',
      () => existsSync(socket),
      10_000,
      () => tail(`${dir}/munged.log`),
    );
    for (const d of ['state', 'spool']) mkdirSync(join(dir, d));
    const conf = join(dir, 'slurm.conf');
    writeFileSync(
      conf,
      [
        'ClusterName=asapsimtest',
        'SlurmctldHost=localhost(127.0.0.1)',
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${dPort}`,
        'AuthType=auth/munge',
        `AuthInfo=socket=${socket}`,
        'CredType=cred/munge',
        `SlurmUser=${user}`,
        `SlurmdUser=${user}`,
        `StateSaveLocation=${dir}/state`,
        `SlurmdSpoolDir=${dir}/spool`,
        `SlurmctldPidFile=${dir}/slurmctld.pid`,
        `SlurmdPidFile=${dir}/slurmd.pid`,
        `SlurmctldLogFile=${dir}/slurmctld.log`,
        `SlurmdLogFile=${dir}/slurmd.log`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SchedulerType=sched/builtin',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_CPU',
        'ReturnToService=2',
        'MpiDefault=none',
        'JobAcctGatherType=jobacct_gather/none',
        'AccountingStorageType=accounting_storage/none',
        `NodeName=localhost NodeAddr=127.0.0.1 CPUs=${availableParallelism()} State=UNKNOWN`,
        'PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP',
        '',
      ].join('\n'),
    );
    const env = { ...process.env, SLURM_CONF: conf };
    children.push(spawn('slurmctld', ['-D', '-i', '-f', conf], { env, stdio: 'ignore' }));
    children.push(spawn('slurmd', ['-D', '-N', 'localhost', '-f', conf], { env, stdio: 'ignore' }));
    const idle = () => /idle|mix/.test(spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout ?? '');
    await until('slurmctld + slurmd', idle, 30_000, () => `${tail(`${dir}/slurmctld.log`)} / ${tail(`${dir}/slurmd.log`)}`);
    return { env, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

/** Why Slurm cannot run here, or undefined. */
function cannotRun(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux';
  const missing = daemons.filter((d) => !which(d));
  if (missing.length) return `${missing.join(', ')} not installed (apt-get install -y slurm-wlm munge, as .ci/run does)`;
  if (process.getuid?.() !== 0) return 'slurmd runs jobs as root here; run as root (as CI does)';
  return undefined;
}

test('the documented Slurm job array runs a sweep in shards whose merge equals a local run', { timeout: 300_000 }, async (t) => {
  const why = cannotRun();
  if (why) return t.skip(`skipped: single-node Slurm cannot start: ${why}`);
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-slurm-'));
  chmodSync(dir, 0o755);
  let cluster: Cluster;
  try {
    cluster = await startSlurm(dir);
  } catch (e) {
    return t.skip(`skipped: single-node Slurm did not start: ${(e as Error).message}`);
  }
  try {
    // The submit directory a user would have: a project whose node_modules/.bin has asapsim (npx finds it
    // there) and the sweep file the script names.
    const work = join(dir, 'work');
    mkdirSync(join(work, 'node_modules', '.bin'), { recursive: true });
    mkdirSync(join(work, 'sweeps'));
    writeFileSync(join(work, 'package.json'), '{ "name": "asapsim-cluster-job", "private": true }\n');
    symlinkSync(bin, join(work, 'node_modules', '.bin', 'asapsim'));
    const doc = readFileSync(join(repo, 'docs/sweep.md'), 'utf8');
    const script = documentedArrayScript(doc);
    const sweepFile = /asapsim sweep (\S+)/.exec(script)![1];
    writeFileSync(
      join(work, sweepFile),
      [
        `arch: ${join(repo, 'arch-configs/edge.yaml')}`,
        'models: [convnet]',
        'input: mnist',
        'batch: [4]',
        'rules: [bp, asap]',
        'grid:',
        '  buffer.capacity: 256 KiB..1 MiB',
        '',
      ].join('\n'),
    );
    writeFileSync(join(work, 'array.sh'), script);
    // The node is this machine: 2 array tasks of 1 CPU instead of the script's 8 x 4 (command-line flags
    // override #SBATCH lines, as a user would on a small cluster).
    const shards = 2;
    const submitted = spawnSync('sbatch', ['--wait', `--array=0-${shards - 1}`, '--cpus-per-task=1', '--output=slurm-%A_%a.out', 'array.sh'], {
      cwd: work,
      env: { ...cluster.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
      encoding: 'utf8',
      timeout: 240_000,
    });
    const logs = () => spawnSync('sh', ['-c', 'tail -n 5 slurm-*.out'], { cwd: work, encoding: 'utf8' }).stdout;
    assert.equal(submitted.status, 0, `sbatch --wait: ${submitted.stderr}\n${logs()}`);
    const [pattern, merged] = documentedMerge(doc, shards);
    const shardFiles = spawnSync('sh', ['-c', `ls ${pattern}`], { cwd: work, encoding: 'utf8' })
      .stdout.trim()
      .split('\n');
    assert.equal(shardFiles.length, shards, `shard files: ${shardFiles.join(', ')}\n${logs()}`);
    const merge = spawnSync(process.execPath, [bin, 'merge', ...shardFiles, '-o', merged], { cwd: work, encoding: 'utf8' });
    assert.equal(merge.status, 0, merge.stderr);
    const local = spawnSync(process.execPath, [bin, 'sweep', sweepFile, '--out', 'local', '--jobs', '1', '--no-report'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    assert.equal(local.status, 0, local.stderr);
    const a = readResults(join(work, merged));
    const b = readResults(join(work, 'local', sweepFile.replace(/^.*\/|\.ya?ml$/g, ''), 'points.jsonl'));
    assert.equal(a.header!.sweep, b.header!.sweep, 'the same sweep hash');
    const byIndex = (r: ReturnType<typeof readResults>) =>
      r.points.map(({ index, key, point, archHash, result }) => ({ index, key, point, archHash, result })).sort((x, y) => x.index - y.index);
    assert.equal(a.points.length, 6);
    assert.deepEqual(byIndex(a), byIndex(b));
    t.diagnostic(`Slurm array of ${shards} shards, merge and local run: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    cluster.stop();
  }
});
