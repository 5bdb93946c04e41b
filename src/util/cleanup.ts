// Temporary outputs (a file's ".<name>.<pid>.tmp", a report's ".<name>.<pid>.staging") are tracked while
// they exist. On SIGINT or SIGTERM they are removed and the signal is raised again, so the process still
// dies of it (exit status and shells see the signal) and leaves nothing behind. The handlers are installed
// only while something is tracked, so they never change how an idle process reacts to a signal.
// SIGKILL cannot be caught: the names carry the pid, and the next write into the same directory removes
// the leftovers of processes that are no longer running.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const tracked = new Set<string>();
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function onSignal(signal: NodeJS.Signals): void {
  for (const path of tracked) rmSync(path, { recursive: true, force: true });
  tracked.clear();
  for (const s of signals) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

/** Tracks a temporary path until the returned function is called (after its rename or removal). */
export function track(path: string): () => void {
  if (tracked.size === 0) for (const s of signals) process.on(s, onSignal);
  tracked.add(path);
  return () => {
    tracked.delete(path);
    if (tracked.size === 0) for (const s of signals) process.removeListener(s, onSignal);
  };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A temporary name this module's callers create: ".<name>.<pid>.tmp" or ".<name>.<pid>.staging". */
export const TEMP_NAME = /^\..+\.(\d+)\.(tmp|staging)$/;

/** Removes temporaries in `dir` left by processes that were killed outright. */
export function removeStale(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || running(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
