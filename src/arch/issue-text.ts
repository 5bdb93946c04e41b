// What a config value should have been, in words, from a zod issue and the value given: "expected a whole
// number > 0, got 0" rather than zod's "Too small: expected number to be >0". Falls back to zod's message.
import type { z } from 'zod';

const typeNames: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping of keys',
  array: 'a list',
  record: 'a mapping of keys',
};

export function issueText(issue: z.core.$ZodIssue, value: unknown): string {
  const got = `got ${typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : value !== null && typeof value === 'object' ? 'a mapping' : String(value)}`;
  if (issue.code === 'invalid_type') {
    const expected = typeNames[issue.expected] ?? issue.expected;
    return `expected ${expected}, ${got}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
    const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
    if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return `expected a number ${op} ${bound}, ${got}`;
    const unit = issue.origin === 'string' ? 'characters' : 'items';
    return `expected ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} ${unit}`;
  }
  return issue.message;
}
