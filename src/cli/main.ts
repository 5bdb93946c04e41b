// The asapsim command line: one file per subcommand, each registering itself on the program. Errors a
// user can fix print as one line (commander's "Did you mean" joined onto it) and exit 2; anything else is a failure (exit 1).
import { Command, CommanderError } from 'commander';
import { VERSION } from '../util/version.ts';
import { UserError } from '../util/errors.ts';
import { hasOwn } from '../util/lookup.ts';
import { releaseAll } from '../util/claim.ts';
type CommandModule = { register(program: Command): void };

// Each subcommand's module pulls in heavy libraries (tfjs, vega, resvg): only the one being run is loaded;
// help, unknown commands and "did you mean" load them all.
const commands: Record<string, () => Promise<CommandModule>> = {
  compare: () => import('./compare.ts'),
  trace: () => import('./trace.ts'),
  simulate: () => import('./simulate.ts'),
  train: () => import('./train.ts'),
  eval: () => import('./eval.ts'),
  grad: () => import('./grad.ts'),
  dram: () => import('./dram.ts'),
  presets: () => import('./presets.ts'),
  sweep: () => import('./sweep.ts'),
  merge: () => import('./merge.ts'),
  report: () => import('./report.ts'),
};

async function load(argv: string[]): Promise<CommandModule[]> {
  const name = argv[2];
  const names = name && hasOwn(commands, name) && !argv.includes('--help') && !argv.includes('-h') ? [name] : Object.keys(commands);
  return Promise.all(names.map((n) => commands[n]()));
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('asapsim')
    .description('Training traces of BP, FA, DFA, KP, AS and ASAP replayed through an accelerator buffer and DRAM model')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(text.replace(/^error: /, 'asapsim: ').replace(/\n\(Did you mean (.+)\?\)\n?$/, '; did you mean $1?\n')),
    })
    .showHelpAfterError(false);
  for (const c of await load(argv)) c.register(program);
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
  } finally {
    releaseAll();
  }
}
