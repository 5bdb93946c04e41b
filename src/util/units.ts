// mathjs's unit parser, loaded on first use: importing mathjs builds its whole function table (about a
// second of CPU), which commands that parse no quantity (every --help, --version) should not pay.
import { createRequire } from 'node:module';
import type { Unit } from 'mathjs';

export type { Unit };

let parse: ((text: string) => Unit) | undefined;

/** mathjs's `unit(text)`: throws on text that is not a quantity. */
export function unit(text: string): Unit {
  parse ??= (createRequire(import.meta.url)('mathjs') as typeof import('mathjs')).unit as (text: string) => Unit;
  return parse(text);
}
