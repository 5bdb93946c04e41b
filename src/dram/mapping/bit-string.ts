// Parses a bit-field layout string, MSB first: fields ro ra bg ba co ch, each optionally followed by a
// bit count, separated by '-', ':', ',' or nothing (DRAMSim3 style "rorabgbacoch"). A field without a
// count takes the bits it has left; a field split in two puts its high bits in the earlier segment.
// Example: "ro-co3-ba-bg-co-ch" keeps 2^(column bits - 3) bursts together, then stripes banks.
import { BitFieldMapping, fieldBits, FIELD_NAMES, type AddressMapping, type Segment } from './mapping.ts';
import type { DramSpec } from '../spec.ts';
import { inputError } from '../../util/errors.ts';

const LONG: Record<string, string> = { channel: 'ch', column: 'co', bankgroup: 'bg', bank: 'ba', rank: 'ra', row: 'ro' };

export function parseBitString(spec: DramSpec, text: string, where = 'mapping'): AddressMapping {
  const tokens = text.toLowerCase().match(/(channel|column|bankgroup|bank|rank|row|ch|ra|bg|ba|ro|co)(\d*)|[-:,\s]+|./g) ?? [];
  let raw: { field: number; width?: number }[] = [];
  for (const tok of tokens) {
    if (/^[-:,\s]+$/.test(tok)) continue;
    const m = /^(channel|column|bankgroup|bank|rank|row|ch|ra|bg|ba|ro|co)(\d*)$/.exec(tok);
    if (!m) throw inputError(where, text, 'a layout of fields ro ra bg ba co ch (MSB first), e.g. ro-ba-bg-ra-co-ch');
    const name = LONG[m[1]] ?? m[1];
    raw.push({ field: FIELD_NAMES.indexOf(name as (typeof FIELD_NAMES)[number]), width: m[2] ? Number(m[2]) : undefined });
  }
  const bits = fieldBits(spec);
  // "bank" without a separate bank-group field means both, bank bits above bank-group bits (as Ramulator 2)
  if (bits[2] > 0 && !raw.some((r) => r.field === 2)) {
    raw = raw.flatMap((r) => (r.field === 3 && r.width === undefined ? [r, { field: 2 }] : [r]));
  }
  const left = [...bits];
  for (const r of raw) if (r.width !== undefined) left[r.field] -= r.width;
  const segments: Segment[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    let w = r.width;
    if (w === undefined) {
      const later = raw.slice(i + 1).some((x) => x.field === r.field && x.width === undefined);
      if (later) throw inputError(where, text, `one open-ended '${FIELD_NAMES[r.field]}' segment (give the others a bit count)`);
      w = left[r.field];
      left[r.field] = 0;
    }
    if (w < 0) throw inputError(where, text, `no more than ${bits[r.field]} bits for '${FIELD_NAMES[r.field]}'`);
    if (w > 0) segments.push({ field: r.field, width: w });
  }
  for (let f = 0; f < 6; f++) {
    const used = segments.filter((s) => s.field === f).reduce((a, s) => a + s.width, 0);
    if (used !== bits[f]) throw inputError(where, text, `exactly ${bits[f]} bits for '${FIELD_NAMES[f]}' (got ${used})`);
  }
  return new BitFieldMapping(text, spec, segments);
}
