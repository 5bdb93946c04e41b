#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader so the sources need no build step.
import { register } from 'tsx/esm/api';

register();
// `asapsim ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
