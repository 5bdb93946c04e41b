// Runs one bad-input case through the real CLI entry point in this process (a spawn costs ~3 s of start-up):
// writes its files into a fresh directory, runs `main` there and captures stderr and the exit code.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../src/cli/main.ts';
import type { BadInput } from './bad-inputs.ts';

export interface Outcome {
  exit: number;
  stderr: string;
  /** The working directory the case ran in (to check that nothing was written). */
  dir: string;
}

export async function runBadInput(c: BadInput): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-bad-'));
  for (const [name, text] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const cwd = process.cwd();
  // Only stderr is captured: a test runner reports through stdout, and a failing command prints nothing there.
  const write = process.stderr.write;
  let stderr = '';
  process.chdir(dir);
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
  try {
    const exit = await main(['node', 'asapsim', ...c.args]);
    return { exit, stderr, dir };
  } finally {
    process.stderr.write = write;
    process.chdir(cwd);
  }
}
