// Errors a user can act on. The CLI prints only the message (one line) and exits with the code:
// 2 for bad input or usage (a config, trace, dataset or flag), 1 for a failure while running.

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * A bad input, with its parts kept apart: the file (or flag), the key, the line where known, and what was
 * expected. Callers that know more (a loader that knows the key's line) rebuild it with `at`, never by
 * re-parsing the message.
 */
export class InputError extends UserError {
  constructor(
    readonly file: string | undefined,
    readonly key: string | undefined,
    readonly expected: string,
    readonly line?: number,
  ) {
    super([file === undefined ? undefined : line ? `${file}:${line}` : file, key, expected].filter((p) => p !== undefined && p !== '').join(': '));
    this.name = 'InputError';
  }

  /** The same problem, placed in another file / line / key. */
  at(file: string | undefined, line?: number, key = this.key): InputError {
    return new InputError(file, key, this.expected, line);
  }
}

/** "file: field: what was expected" — the one-line shape of every input error. */
export function inputError(file: string | undefined, field: string | undefined, expected: string, line?: number): InputError {
  return new InputError(file, field, expected, line);
}

/**
 * How to pass a flag on the command line that is running: `--force`, or, when an npm script runs asapsim
 * (`npm start`, which would take `npm start --force` as npm's own option), `--force (through npm: npm start
 * -- --force)`. Other scripts that merely run code calling asapsim (npm test) get the plain flag.
 */
export function flagHint(flag: string, env: NodeJS.ProcessEnv = process.env): string {
  const script = env.npm_lifecycle_event;
  if (!script || !/\basapsim(\.js)?\b/.test(env.npm_lifecycle_script ?? '')) return flag;
  const npm = script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
  return `${flag} (through npm: ${npm} -- ${flag})`;
}
