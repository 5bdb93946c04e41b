// `asapsim dram` alone: the program with only the dram command, so that a bundle of this entry (built by
// scripts/build.mjs, run by bin/asapsim.js for `asapsim dram`) holds the DRAM model and none of the other
// commands' code. Its answers are the full program's: the same register() on the same runner.
import { runProgram } from './program.ts';
import * as dram from './dram.ts';

export function main(argv: string[]): Promise<number> {
  return runProgram(argv, { dram: { summary: dram.SUMMARY, load: async () => dram } });
}
