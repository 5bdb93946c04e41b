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

/** "file: field: what was expected" — the one-line shape of every input error. */
export function inputError(file: string | undefined, field: string | undefined, expected: string): UserError {
  return new UserError([file, field, expected].filter((p) => p !== undefined && p !== '').join(': '));
}

/**
 * How to pass a flag on the command line that is running: `--force`, or, under an npm script (which would
 * take `npm start --force` as its own option), `--force (through npm: npm start -- --force)`.
 */
export function flagHint(flag: string, env: NodeJS.ProcessEnv = process.env): string {
  const script = env.npm_lifecycle_event;
  // Only when the npm script is asapsim itself: a test runner started by `npm test` passes the variables on
  // to the commands it spawns, whose flags are not npm's.
  if (!script || !/\basapsim\b/.test(env.npm_lifecycle_script ?? '')) return flag;
  const npm = script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
  return `${flag} (through npm: ${npm} -- ${flag})`;
}
