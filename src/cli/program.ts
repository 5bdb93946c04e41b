// The asapsim program around a table of commands: errors a user can fix print as one line (commander's
// "Did you mean" joined onto it) and exit 2; anything else is a failure (exit 1). main.ts runs it with every
// command, dram-main.ts (bundled for a fast start) with `dram` alone.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../util/version.ts';
import { UserError } from '../util/errors.ts';
import { configureHelp } from './help.ts';
import { releaseAll } from '../util/claim.ts';

export type CommandModule = { register(program: Command): void };
export type CommandTable = Record<string, { summary: string; args?: string; load(): Promise<CommandModule> }>;

/** The command named on the line: `asapsim NAME ...` or `asapsim help NAME`. */
export function named(argv: string[], commands: CommandTable): string | undefined {
  const name = argv[2] === 'help' ? argv[3] : argv[2];
  return name !== undefined && Object.hasOwn(commands, name) ? name : undefined;
}

async function registerCommands(program: Command, argv: string[], commands: CommandTable): Promise<void> {
  const name = named(argv, commands);
  if (name) return (await commands[name].load()).register(program);
  for (const [n, c] of Object.entries(commands)) {
    const stub = program.command(n).description(c.summary).allowUnknownOption();
    if (c.args) stub.arguments(c.args);
  }
}

export async function runProgram(argv: string[], commands: CommandTable): Promise<number> {
  const program = configureHelp(new Command('asapsim'))
    .description('Training traces of BP, FA, DFA, KP, AS and ASAP replayed through an accelerator buffer and DRAM model')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(text.replace(/^error: /, 'asapsim: ').replace(/\n\(Did you mean (.+)\?\)\n?$/, '; did you mean $1?\n')),
    })
    .showHelpAfterError(false);
  await registerCommands(program, argv, commands);
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
