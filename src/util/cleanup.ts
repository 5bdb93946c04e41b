// Temporary outputs carry an unmistakable name: ".<target>.asapsim-<host>-<pid>-<token>.<tmp|staging>", the
// host and pid of the process that made them and 12 random hex digits. They are tracked while they exist;
// on SIGINT or SIGTERM they are removed and, unless other code also listens for the signal, it is raised
// again with the default action, so the process still dies of it (shells see the signal). The handlers stay
// installed once the first temporary is tracked: a signal that arrives during a synchronous write is only
// dispatched after it, and must not be lost because the write finished in between.
// SIGKILL cannot be caught: the next write into the same directory removes leftovers, but only names of
// exactly this shape, made on THIS host by a pid that is no longer running. Other programs' dot-files and
// other hosts' temporaries on a shared filesystem (a cluster's sweep directory) are never touched: a pid
// says nothing about a process on another machine.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const tracked = new Set<string>();
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
let installed = false;

/** This host as it appears in temporary names: letters, digits and "_" only, so the name parses back. */
export const HOST =
  hostname()
    .replace(/[^A-Za-z0-9]/g, '_')
    .slice(0, 64) || 'unknown_host';

export type TempKind = 'tmp' | 'staging';

/** A temporary name this module's callers create (see the header comment). */
export const TEMP_NAME = /^\.(.+)\.asapsim-([A-Za-z0-9_]+)-(\d+)-([0-9a-f]{12})\.(tmp|staging)$/;

/** A fresh temporary sibling of `target`. */
export function tempPath(target: string, kind: TempKind): string {
  return join(dirname(target), `.${basename(target)}.asapsim-${HOST}-${process.pid}-${randomBytes(6).toString('hex')}.${kind}`);
}

function onSignal(signal: NodeJS.Signals): void {
  for (const path of tracked) rmSync(path, { recursive: true, force: true });
  tracked.clear();
  for (const f of onSignalHooks) f();
  if (process.listenerCount(signal) > 1) return;
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

const onSignalHooks: Array<() => void> = [];

/** Runs `f` (synchronously) when a signal kills the process, after the tracked temporaries are removed. */
export function onKill(f: () => void): void {
  install();
  onSignalHooks.push(f);
}

function install(): void {
  if (!installed) for (const s of signals) process.on(s, onSignal);
  installed = true;
}

/** Tracks a temporary path until the returned function is called (after its rename or removal). */
export function track(path: string): () => void {
  install();
  tracked.add(path);
  return () => {
    tracked.delete(path);
  };
}

export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A claim's lock file (claim.ts): ".<target>.asapsim-lock" holding "<host> <pid> <token>". */
export const LOCK_NAME = /^\..+\.asapsim-lock$/;

/** The host and pid a lock file's text names. */
export function lockOwner(text: string): { host: string; pid: number } | undefined {
  const m = /^(\S+) (\d+) [0-9a-f]+\n$/.exec(text);
  return m ? { host: m[1], pid: Number(m[2]) } : undefined;
}

const dead = (host: string, pid: number) => host === HOST && pid !== process.pid && !running(pid);

/** Whether a directory entry is a leftover of ours: our name shape, this host, a pid that is not running. */
export function isStale(name: string, dir = '.'): boolean {
  const m = TEMP_NAME.exec(name);
  if (m) return dead(m[2], Number(m[3]));
  if (!LOCK_NAME.test(name)) return false;
  let text: string;
  try {
    text = readFileSync(join(dir, name), 'utf8').slice(0, 200);
  } catch {
    return false;
  }
  const o = lockOwner(text);
  return o !== undefined && dead(o.host, o.pid);
}

/** Removes temporaries in `dir` left by this host's processes that were killed outright. */
export function removeStale(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isStale(name, dir)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
