// The asapsim command line: one file per subcommand, each registering itself on the program. Errors a
// user can fix print as one line (commander's "Did you mean" joined onto it) and exit 2; anything else is a failure (exit 1).
import { Command, CommanderError } from 'commander';
import { VERSION } from '../util/version.ts';
import { UserError } from '../util/errors.ts';
import { configureHelp } from './help.ts';
type CommandModule = { register(program: Command): void };

// Only the module of the command being run is loaded (each pulls in its own libraries). With no command
// named (--version, --help, an unknown or misspelt command) no module is loaded: the summaries below list the
// commands, and test/cli/cli.test.ts checks each against its module's own description.
export const commands: Record<string, { summary: string; args?: string; load(): Promise<CommandModule> }> = {
  compare: { summary: 'DRAM traffic, time and energy of one training step under several rules (the main job)', load: () => import('./compare.ts') },
  trace: { summary: 'write the op trace of one training step without arithmetic (shape-only executor)', load: () => import('./trace.ts') },
  simulate: { summary: 'replay a trace file through the buffer and DRAM of an arch config', load: () => import('./simulate.ts') },
  train: {
    summary: 'train a model under a learning rule on TensorFlow.js (metrics, learning curve, checkpoint, optional trace)',
    load: () => import('./train.ts'),
  },
  eval: { summary: 'evaluate a checkpoint on a test split', load: () => import('./eval.ts') },
  grad: { summary: "write one step's weight/feedback gradients and per-layer errors to safetensors", load: () => import('./grad.ts') },
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

/** The command named on the line: `asapsim NAME ...` or `asapsim help NAME`. */
function named(argv: string[]): string | undefined {
  const name = argv[2] === 'help' ? argv[3] : argv[2];
  return name !== undefined && Object.hasOwn(commands, name) ? name : undefined;
}

async function registerCommands(program: Command, argv: string[]): Promise<void> {
  const name = named(argv);
  if (name) return (await commands[name].load()).register(program);
  for (const [n, c] of Object.entries(commands)) {
    const stub = program.command(n).description(c.summary).allowUnknownOption();
    if (c.args) stub.arguments(c.args);
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = configureHelp(new Command('asapsim'))
    .description('Training traces of BP, FA, DFA, KP, AS and ASAP replayed through an accelerator buffer and DRAM model')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(text.replace(/^error: /, 'asapsim: ').replace(/\n\(Did you mean (.+)\?\)\n?$/, '; did you mean $1?\n')),
    })
    .showHelpAfterError(false);
  await registerCommands(program, argv);
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UserError) {
      process.stderr.write(`asapsim: ${e.message}\n`);
      return e.exitCode;
    }
    // A file system failure (disk full, not a directory, no permission) is one line naming the path: exit 1.
    const sys = e as NodeJS.ErrnoException;
    if (sys?.syscall && sys.code) {
      process.stderr.write(`asapsim: ${sys.path ? `${sys.path}: ` : ''}${sys.message.split(',')[0]} (${sys.syscall})\n`);
      return 1;
    }
    process.stderr.write(`asapsim: internal error: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}
