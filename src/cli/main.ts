// The asapsim command line: one file per subcommand, each registering itself on the program (program.ts
// runs it).
import { runProgram, type CommandTable } from './program.ts';

// Only the module of the command being run is loaded (each pulls in its own libraries). With no command
// named (--version, --help, an unknown or misspelt command) no module is loaded: the summaries below list the
// commands, and test/cli/cli.test.ts checks each against its module's own description.
export const commands: CommandTable = {
  compare: { summary: 'DRAM traffic, time and energy of one training step under several rules (the main job)', load: () => import('./compare.ts') },
  trace: { summary: 'write the op trace of one training step without arithmetic (shape-only executor)', load: () => import('./trace.ts') },
  simulate: { summary: 'replay a trace file through the buffer and DRAM of an arch config', load: () => import('./simulate.ts') },
  train: {
    summary: 'train a model under a learning rule on TensorFlow.js (metrics, learning curve, checkpoint, optional trace)',
    load: () => import('./train.ts'),
  },
  eval: { summary: 'evaluate a checkpoint on a test split', load: () => import('./eval.ts') },
  grad: {
    summary: "write one step's parameter gradients, learned-B gradients (KP/ASAP: ΔB = ΔW) and per-layer errors to safetensors",
    load: () => import('./grad.ts'),
  },
  dram: { summary: 'replay a DRAM request trace through the cycle-level JEDEC model', load: () => import('./dram.ts') },
  presets: { summary: 'list the DRAM presets with their key parameters', load: () => import('./presets.ts') },
  sweep: {
    summary: 'run a grid of points (arch keys x models x batches x rules) in parallel, resumable, shardable; write the sweep report',
    args: '[file]',
    load: () => import('./sweep.ts'),
  },
  merge: { summary: 'merge the results files (shards) of one sweep into one results file', args: '<files...>', load: () => import('./merge.ts') },
  explain: {
    summary: 'why a rule saves (or costs) DRAM traffic against a baseline: waterfall, tornado, official and hardware-tuned pairings',
    load: () => import('./explain.ts'),
  },
  report: {
    summary: 'render a report from saved results: a compare or sweep report, a sweep results file or a training run',
    load: () => import('./report.ts'),
  },
};

export function main(argv: string[]): Promise<number> {
  return runProgram(argv, commands);
}
