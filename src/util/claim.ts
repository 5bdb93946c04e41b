// An exclusive claim on an output path, so two runs writing the same name cannot both win: a lock file
// ".<target>.asapsim-lock" beside the target, created with O_EXCL (atomic, also on NFSv3+ and local
// filesystems), holding "<host> <pid> <token>". A second run finds it and stops with one line naming the
// holder. A claim is released when its write is done, on exit, and when a signal kills the process; a lock
// left by a SIGKILL is taken over only when it names THIS host and a pid that is no longer running.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.ts';
import { HOST, lockOwner, onKill, running, tempPath } from './cleanup.ts';

/** Held locks by resolved path: the lock's own path, its text, and the directories made for it (removed if left empty). */
const held = new Map<string, { lock: string; text: string; made?: string }>();
let hooked = false;

export function lockPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.asapsim-lock`);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').slice(0, 200);
  } catch {
    return undefined;
  }
}

/**
 * Claims `target` for this process; returns false if this process already held it (the claim is re-entrant:
 * a command that checked its outputs up front writes them later). Throws a UserError (exit 1) if another
 * live run holds it.
 */
export function claim(target: string): boolean {
  const key = lockPath(resolve(target));
  if (held.has(key)) return false;
  const lock = lockPath(target);
  if (!hooked) {
    process.on('exit', releaseAll);
    onKill(releaseAll);
    hooked = true;
  }
  const made = mkdirSync(dirname(lock), { recursive: true });
  const token = randomBytes(8).toString('hex');
  const mine = `${HOST} ${process.pid} ${token}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      held.set(key, { lock, text: mine, made });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const text = readText(lock);
    if (text === undefined) continue; // released meanwhile
    const o = lockOwner(text);
    if (o && o.host === HOST && !running(o.pid)) {
      // Take over a dead run's lock: move it aside first, and put it back if it changed in between.
      const aside = tempPath(lock, 'tmp');
      try {
        renameSync(lock, aside);
      } catch {
        continue;
      }
      if (readText(aside) !== text) renameSync(aside, lock);
      else rmSync(aside, { force: true });
      continue;
    }
    removeMade(dirname(lock), made);
    throw new UserError(
      `${target}: being written by another asapsim run (${o ? `pid ${o.pid} on host ${o.host}` : 'an unreadable lock'}); wait for it to finish, or delete ${lock} if that run is gone`,
      1,
    );
  }
  removeMade(dirname(lock), made);
  throw new UserError(`${target}: could not claim it (${lock} keeps changing); is another asapsim run writing it?`, 1);
}

/** Removes the directories a claim made, innermost first, while they are empty: a refused run leaves nothing. */
function removeMade(dir: string, made: string | undefined): void {
  if (!made) return;
  for (let d = resolve(dir); d.length >= resolve(made).length; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

function drop(key: string): void {
  const h = held.get(key);
  if (!h) return;
  held.delete(key);
  if (readText(h.lock) === h.text) rmSync(h.lock, { force: true });
  removeMade(dirname(h.lock), h.made);
}

/** Gives up a claim (only if the lock is still ours). */
export function release(target: string): void {
  drop(lockPath(resolve(target)));
}

/** Gives up every claim of this process (a command's end, exit, a fatal signal). */
export function releaseAll(): void {
  // Last claimed first: the claim that made a directory is given up when the others have left it empty.
  for (const key of [...held.keys()].reverse()) drop(key);
}
