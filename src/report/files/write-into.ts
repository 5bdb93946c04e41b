// Adds report files to a directory that holds other things (a sweep's directory keeps its results file):
// the files are built in a marked staging directory inside it, then each is renamed into place, so every
// file appears whole and a failure leaves the directory as it was. The directory is claimed meanwhile and
// must be a sweep's (or --force).
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { putInto, type Put } from './write-report.ts';
import { removeStale, tempPath, track } from '../../util/cleanup.ts';
import { assertSweepDir, markOutputDir } from '../../util/atomic.ts';
import { claim, release } from '../../util/claim.ts';

export async function writeFilesInto(dir: string, force: boolean, fill: (put: Put) => Promise<void>): Promise<string[]> {
  const mine = claim(dir);
  const staging = tempPath(join(dir, 'report'), 'staging');
  const written: string[] = [];
  try {
    assertSweepDir(dir, force);
    removeStale(dir);
    const untrack = track(staging);
    mkdirSync(staging, { recursive: true });
    try {
      await fill(putInto(staging, written));
      for (const name of readdirSync(staging)) renameSync(join(staging, name), join(dir, name));
      markOutputDir(dir, 'sweep');
    } finally {
      rmSync(staging, { recursive: true, force: true });
      untrack();
    }
  } finally {
    if (mine) release(dir);
  }
  return written;
}
