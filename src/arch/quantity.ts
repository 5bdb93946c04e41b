// Quantities with units, parsed by mathjs: "512 KiB", "1 GHz", "25.6 GB/s", "100 ns", "5 pJ".
// "KB", "MB", "GB", "TB" for a size are rejected as ambiguous (datasheets and people use them for both powers
// of 1000 and 1024): a size says KiB/MiB/GiB, or kB / plain bytes for decimal. Bandwidths in GB/s are decimal,
// as vendors quote them, and are accepted.
import { unit, type Unit } from '../util/units.ts';

export const quantityKinds = {
  bytes: { noun: 'size', base: '1 B', to: 'B', example: '512 KiB' },
  frequency: { noun: 'frequency', base: '1 Hz', to: 'Hz', example: '1 GHz' },
  bandwidth: { noun: 'bandwidth', base: '1 B/s', to: 'B/s', example: '25.6 GB/s' },
  time: { noun: 'time', base: '1 s', to: 's', example: '100 ns' },
  energy: { noun: 'energy', base: '1 J', to: 'J', example: '5 pJ' },
} as const;
export type QuantityKind = keyof typeof quantityKinds;

/** Parses a quantity of the given kind to its base unit (B, Hz, B/s, s, J). Throws a message saying what was expected. */
export function parseQuantity(value: unknown, kind: QuantityKind): number {
  const spec = quantityKinds[kind];
  const noun = `${/^[aeiou]/.test(spec.noun) ? 'an' : 'a'} ${spec.noun}`;
  if (typeof value === 'number') {
    if (value === 0) return 0;
    throw new Error(`expected ${noun} with a unit, e.g. "${spec.example}", got the bare number ${value}`);
  }
  if (typeof value !== 'string') throw new Error(`expected ${noun} with a unit, e.g. "${spec.example}"`);
  const ambiguous = /^\s*([-+\d.eE]+)\s*([KMGT])B\s*$/.exec(value);
  if (ambiguous && kind === 'bytes') {
    const [, n, p] = ambiguous;
    throw new Error(
      `"${value}" is ambiguous for a size: write "${n} ${p}iB" (powers of 1024) or ${p === 'K' ? `"${n} kB"` : `bytes, e.g. "${Number(n) * { M: 1e6, G: 1e9, T: 1e12 }[p as 'M']} B"`} (powers of 1000)`,
    );
  }
  let u: Unit;
  try {
    u = unit(value);
  } catch {
    throw new Error(`"${value}" is not a quantity: expected ${noun} such as "${spec.example}"`);
  }
  if (!u.equalBase(unit(spec.base))) throw new Error(`"${value}" is not ${noun}: expected a unit like "${spec.example}"`);
  const n = u.toNumber(spec.to);
  if (!Number.isFinite(n)) throw new Error(`"${value}" is not a finite ${spec.noun}`);
  return n;
}
