// Outputs appear whole or not at all: write to a temporary sibling, then rename (atomic on one filesystem).
// Temporaries are removed on SIGINT/SIGTERM and, after a SIGKILL, by the next write into the directory (cleanup.ts).
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { flagHint, UserError } from './errors.ts';
import { removeStale, track } from './cleanup.ts';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  removeStale(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const untrack = track(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    untrack();
  }
}

/** Refuses to replace a non-empty report directory unless asked. */
export function assertWritableDir(dir: string, force: boolean): void {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !force)
    throw new UserError(`${dir}: report directory exists; pass ${flagHint('--force')} to overwrite it or --name to choose another`);
}

/** Refuses to replace a user's file unless asked. */
export function assertWritableFile(path: string, force: boolean): void {
  if (existsSync(path) && !force) throw new UserError(`${path}: file exists; pass ${flagHint('--force')} to overwrite it`);
}

/**
 * Builds a directory of outputs in a hidden staging directory and renames it into place when `fill`
 * succeeds. An existing non-empty directory is replaced only with `force`; a failure leaves nothing behind.
 */
export async function writeDirAtomic(dir: string, force: boolean, fill: (staging: string) => Promise<void> | void): Promise<void> {
  assertWritableDir(dir, force);
  const staging = join(dirname(dir), `.${basename(dir)}.${process.pid}.staging`);
  mkdirSync(dirname(dir), { recursive: true });
  removeStale(dirname(dir));
  rmSync(staging, { recursive: true, force: true });
  const untrack = track(staging);
  mkdirSync(staging, { recursive: true });
  try {
    await fill(staging);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  } finally {
    untrack();
  }
}
