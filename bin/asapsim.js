#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm install`: the prepare script). In a clone whose TypeScript
// sources changed after that build (or that has none), it runs the sources through tsx's loader instead,
// which is slower to start but never stale. An installed package (under node_modules/) is not scanned: its
// sources do not change after its build, and the scan (a stat per source file) is most of the launcher's
// own start-up time.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const built = new URL('dist/.built', root);

function newerThan(dir, time) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory() ? newerThan(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}

const installed = root.pathname.includes('/node_modules/');
const fresh = existsSync(built) && (installed || !newerThan(new URL('src', root).pathname, statSync(built).mtimeMs));
// `asapsim ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
// `asapsim dram` (and `asapsim help dram`) runs the build's one-file bundle of that command when there is one:
// the same code, without loading some 60 modules one by one.
const dramBundle = new URL('dist/bundle/dram.js', root);
const dramOnly = (process.argv[2] === 'dram' || (process.argv[2] === 'help' && process.argv[3] === 'dram')) && existsSync(dramBundle);
if (!fresh) (await import('tsx/esm/api')).register();
const { main } = await import(!fresh ? '../src/cli/main.ts' : dramOnly ? dramBundle.href : '../dist/cli/main.js');
process.exitCode = await main(process.argv);
