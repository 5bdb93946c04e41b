// JSON and JSON Lines, the one reader and writer every asapsim file uses (traces, metrics, sweep results,
// merged shards). Writing refuses numbers JSON cannot hold (Infinity, NaN: JSON.stringify would write null,
// a wrong result accepted silently) and names the key. Reading goes through the bounded line reader, so a
// giant or binary file is one error line; a bad line names file:line.
import { readLines, readLinesSync, type Line } from './lines.ts';
import { UserError } from './errors.ts';

/** JSON text of a value; throws (exit 1) naming the key of a non-finite number instead of writing null. */
export function jsonText(value: unknown, indent?: number): string {
  const path: string[] = [];
  return JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        const holder = this as Record<string, unknown>;
        const where = Array.isArray(holder) ? `[${key}]` : key;
        throw new UserError(`cannot write ${where || 'a value'} = ${v}: JSON has no ${v} (a result that is not a number; is a denominator zero?)`, 1);
      }
      void path;
      return v;
    },
    indent,
  );
}

/** JSON Lines text: one record per line, each ended by a newline. */
export function jsonlText(records: Iterable<unknown>): string {
  let out = '';
  for (const r of records) out += jsonText(r) + '\n';
  return out;
}

export interface JsonlRecord {
  value: unknown;
  /** 1-based line number. */
  line: number;
  /** Bytes of the file up to the end of this line. */
  end: number;
}

export interface JsonlOptions {
  /** What a line should be, for the "not valid JSON" message ("a trace event", "a metrics line"). */
  what: string;
  /**
   * An unterminated last line: 'error' (a file cut short is bad input) or 'stop' (an append log whose last
   * write may be torn: the reader stops before it and `onTorn` learns of it).
   */
  torn: 'error' | 'stop';
  onTorn?: (line: number) => void;
}

function parse(l: Line, path: string, o: JsonlOptions): JsonlRecord | 'torn' | undefined {
  if (l.text.trim() === '') return undefined;
  if (!l.terminated && o.torn === 'stop') return 'torn';
  try {
    return { value: JSON.parse(l.text), line: l.number, end: l.end };
  } catch {
    if (!l.terminated) throw new UserError(`${path}:${l.number}: truncated: the last line is incomplete (no newline after it; the file was cut short)`);
    throw new UserError(`${path}:${l.number}: not valid JSON (expected ${o.what})`);
  }
}

export function* readJsonlSync(path: string, o: JsonlOptions): Generator<JsonlRecord> {
  for (const l of readLinesSync(path)) {
    const r = parse(l, path, o);
    if (r === 'torn') return o.onTorn?.(l.number);
    if (r) yield r;
  }
}

export async function* readJsonl(path: string, o: JsonlOptions): AsyncGenerator<JsonlRecord> {
  for await (const l of readLines(path)) {
    const r = parse(l, path, o);
    if (r === 'torn') return o.onTorn?.(l.number);
    if (r) yield r;
  }
}

/** A record's string field, if it is one (a JSON line may be any value: a number, null, a list). */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
