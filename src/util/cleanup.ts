// Temporary outputs (a file's ".<name>.<pid>.tmp", a report's ".<name>.<pid>.staging") are tracked while
// they exist. On SIGINT or SIGTERM they are removed and, unless other code also listens for the signal, it
// is raised again with the default action, so the process still dies of it (shells see the signal). The
// handlers stay installed once the first temporary is tracked: a signal that arrives during a synchronous
// write is only dispatched after it, and must not be lost because the write finished in between.
// SIGKILL cannot be caught: the names carry the pid, and the next write into the same directory removes
// the leftovers of processes that are no longer running.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const tracked = new Set<string>();
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const path of tracked) rmSync(path, { recursive: true, force: true });
  tracked.clear();
  if (process.listenerCount(signal) > 1) return;
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

/** Tracks a temporary path until the returned function is called (after its rename or removal). */
export function track(path: string): () => void {
  if (!installed) for (const s of signals) process.on(s, onSignal);
  installed = true;
  tracked.add(path);
  return () => {
    tracked.delete(path);
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
