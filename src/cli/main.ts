// The asapsim command line: one file per subcommand, each registering itself on the program. Errors a
// user can fix print as one line (commander's "Did you mean" joined onto it) and exit 2; anything else is a failure (exit 1).
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.ts';
import { UserError } from '../util/errors.ts';
import * as compare from './compare.ts';
import * as sweep from './sweep.ts';
import * as merge from './merge.ts';
import * as report from './report.ts';
import * as simulate from './simulate.ts';
import * as trace from './trace.ts';
import * as train from './train.ts';
import * as evalCmd from './eval.ts';
import * as grad from './grad.ts';
import * as dram from './dram.ts';
import * as presets from './presets.ts';

const commands: Array<{ register(program: Command): void }> = [compare, trace, simulate, train, evalCmd, grad, dram, presets, sweep, merge, report];

export async function main(argv: string[]): Promise<number> {
  const program = new Command('asapsim')
    .description('Training traces of BP, FA, DFA, KP, AS and ASAP replayed through an accelerator buffer and DRAM model')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'asapsim: ').replace(/\n\(Did you mean (.+)\?\)\n?$/, '; did you mean $1?\n')) })
    .showHelpAfterError(false);
  for (const c of commands) c.register(program);
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
