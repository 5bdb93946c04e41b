// Adds report files to a directory that holds other things (a sweep's directory keeps its results file):
// the files are built in a hidden staging directory inside it, then each is renamed into place, so every
// file appears whole and a failure leaves the directory as it was.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { putInto, type Put } from './write-report.ts';
import { removeStale, track } from '../../util/cleanup.ts';

export async function writeFilesInto(dir: string, fill: (put: Put) => Promise<void>): Promise<string[]> {
  const staging = join(dir, `.report.${process.pid}.staging`);
  removeStale(dir);
  rmSync(staging, { recursive: true, force: true });
  const untrack = track(staging);
  mkdirSync(staging, { recursive: true });
  const written: string[] = [];
  try {
    await fill(putInto(staging, written));
    for (const name of readdirSync(staging)) renameSync(join(staging, name), join(dir, name));
  } finally {
    rmSync(staging, { recursive: true, force: true });
    untrack();
  }
  return written;
}
