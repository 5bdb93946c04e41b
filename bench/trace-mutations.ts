// Random damage to a valid trace, as fast-check arbitraries: the ways files really break (a cut, a flipped
// or dropped byte, a lost, repeated or swapped line, a number changed, a field renamed, a line of junk).
// The reader must answer every one with a clean parse or a UserError, never another exception.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { readTrace } from '../src/trace/io.ts';
import { UserError } from '../src/util/errors.ts';

export type Mutation = (text: string) => string;

const lineOp = (f: (lines: string[], i: number, j: number) => string[]) =>
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (text) => {
    const lines = text.split('\n');
    return f(lines, a % lines.length, b % lines.length).join('\n');
  });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (n): Mutation =>
      (t) =>
        t.slice(0, n % (t.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([n, b]): Mutation => (t) => {
    const i = n % t.length;
    return t.slice(0, i) + String.fromCharCode(b) + t.slice(i + 1);
  }),
  fc.nat().map((n): Mutation => (t) => {
    const i = n % t.length;
    return t.slice(0, i) + t.slice(i + 1);
  }),
  lineOp((l, i) => l.filter((_, k) => k !== i)),
  lineOp((l, i) => [...l.slice(0, i + 1), l[i], ...l.slice(i + 1)]),
  lineOp((l, i, j) => {
    const c = [...l];
    [c[i], c[j]] = [c[j], c[i]];
    return c;
  }),
  fc.tuple(fc.nat(), fc.oneof(fc.integer(), fc.double(), fc.constant(-1), fc.constant(1e300))).map(([n, v]): Mutation => (t) => {
    let k = 0;
    return t.replace(/-?\d+(\.\d+)?/g, (m) => (k++ === n % 500 ? String(v) : m));
  }),
  fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 8 })).map(([n, s]): Mutation => (t) => {
    let k = 0;
    return t.replace(/"(\w+)":/g, (m, key) => (k++ === n % 500 ? `"${key}${s}":` : m));
  }),
  fc.tuple(fc.nat(), fc.string({ maxLength: 40 })).map(([n, junk]): Mutation => (t) => {
    const l = t.split('\n');
    l.splice(n % l.length, 0, junk);
    return l.join('\n');
  }),
);

export type Outcome = 'parsed' | 'user-error';

/** Reads a (damaged) trace file to the end; anything but a UserError is rethrown. */
export async function readOutcome(path: string, text: string): Promise<Outcome> {
  writeFileSync(path, text);
  try {
    for await (const _ of readTrace(path));
    return 'parsed';
  } catch (e) {
    if (e instanceof UserError) return 'user-error';
    throw e;
  }
}
