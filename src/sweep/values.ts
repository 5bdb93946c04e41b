// The values of one swept key: a list, one value, or a range "lo..hi" that doubles from lo while it stays
// at or below hi (buffer sizes and array sizes grow in powers of two). A range keeps lo's unit, and a size
// is written in the largest binary unit that divides it exactly (64 KiB, 128 KiB, ..., 1 MiB, ..., 64 MiB),
// so the config loader later parses exactly what a person would have typed.
import { unit } from '../util/units.ts';
import type { ConfigValue } from '../arch/derive.ts';

export type GridValue = ConfigValue;

const MAX_RANGE = 64;
const binary: Array<[string, number]> = [
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
  ['B', 1],
];

function sizeText(bytes: number): string {
  const [name, factor] = binary.find(([, f]) => bytes % f === 0 && bytes >= f) ?? ['B', 1];
  return `${bytes / factor} ${name}`;
}

/** "64 KiB..64 MiB" or "256..4096" to its values; undefined when the text is not a range. Throws a message on a bad range. */
export function expandRange(text: string): GridValue[] | undefined {
  const m = /^\s*(.+?)\s*\.\.\s*(.+?)\s*$/.exec(text);
  if (!m) return undefined;
  const [, loText, hiText] = m;
  let lo: number;
  let hi: number;
  let format: (n: number) => GridValue;
  if (/^[\d.eE+-]+$/.test(loText) && /^[\d.eE+-]+$/.test(hiText)) {
    lo = Number(loText);
    hi = Number(hiText);
    format = (n) => n;
  } else {
    let loUnit;
    let hiUnit;
    try {
      loUnit = unit(loText);
      hiUnit = unit(hiText);
    } catch {
      throw new Error(`range "${text}": expected "lo..hi" with numbers or quantities, e.g. "64 KiB..64 MiB"`);
    }
    if (!loUnit.equalBase(hiUnit)) throw new Error(`range "${text}": the two ends have different units`);
    const units = loUnit.formatUnits();
    lo = loUnit.toNumber(units);
    hi = hiUnit.toNumber(units);
    const isBinarySize = binary.some(([name]) => name === units);
    const factor = binary.find(([name]) => name === units)?.[1] ?? 1;
    format = isBinarySize ? (n) => sizeText(n * factor) : (n) => `${n} ${units}`;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo <= 0) throw new Error(`range "${text}": the low end must be a positive number`);
  if (hi < lo) throw new Error(`range "${text}": the high end is below the low end`);
  const values: GridValue[] = [];
  for (let n = lo; n <= hi * (1 + 1e-12); n *= 2) {
    values.push(format(n));
    if (values.length > MAX_RANGE) throw new Error(`range "${text}": more than ${MAX_RANGE} values`);
  }
  return values;
}

/** A value as written in a sweep file or after "KEY=" on the command line: a list, a range or one value. */
export function expandValues(raw: unknown): GridValue[] {
  if (Array.isArray(raw)) {
    if (raw.length === 0) throw new Error('expected at least one value');
    return raw.flatMap((v) => expandValues(v));
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') return [raw];
  if (typeof raw !== 'string' || raw.trim() === '') throw new Error('expected a value, a list of values or a range "lo..hi"');
  return expandRange(raw) ?? [raw.trim()];
}

/** "KEY=V1,V2" or "KEY=lo..hi" from --set; numbers become numbers so integer keys validate. */
export function parseSetFlag(text: string): { key: string; values: GridValue[] } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--set "${text}": expected KEY=VALUES, e.g. "buffer.capacity=64 KiB..64 MiB" or "dram.preset=LPDDR4-3200,DDR4-3200"`);
  const key = text.slice(0, eq).trim();
  const rest = text.slice(eq + 1).trim();
  const parts = expandRange(rest)
    ? [rest]
    : rest
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
  const typed = parts.map((p) => (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(p) ? Number(p) : p === 'true' ? true : p === 'false' ? false : p));
  try {
    return { key, values: expandValues(typed) };
  } catch (e) {
    throw new Error(`--set ${key}: ${(e as Error).message}`);
  }
}

/** A value's magnitude for ordering and log axes: numbers as they are, quantities in base units, else NaN. */
export function numericValue(v: GridValue): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return Number.NaN;
  try {
    const u = unit(v);
    return u.equalBase(unit('1 B')) ? u.toNumber('B') : u.toSI().toNumber();
  } catch {
    return Number.NaN;
  }
}
