// Mappings by name (case-insensitive); anything else is parsed as a bit-field layout string.
import type { DramSpec } from '../spec.ts';
import type { AddressMapping, MappingFactory } from './mapping.ts';
import { roBaRaCoCh } from './ro-ba-ra-co-ch.ts';
import { roCoBaRaCh } from './ro-co-ba-ra-ch.ts';
import { chRaBaRoCo } from './ch-ra-ba-ro-co.ts';
import { xorBank } from './xor-bank.ts';
import { parseBitString } from './bit-string.ts';

const named = new Map<string, MappingFactory>([
  ['robaracoch', roBaRaCoCh],
  ['rocobaracH'.toLowerCase(), roCoBaRaCh],
  ['chrabaroco', chRaBaRoCo],
  ['xorbank', xorBank],
]);

export function mappingNames(): string[] {
  return ['RoBaRaCoCh', 'RoCoBaRaCh', 'ChRaBaRoCo', 'XorBank'];
}

export function createMapping(spec: DramSpec, name: string, where = '--set mapping'): AddressMapping {
  const f = named.get(name.toLowerCase());
  return f ? f(spec) : parseBitString(spec, name, where);
}

export type { AddressMapping } from './mapping.ts';
export { F_CH, F_RA, F_BG, F_BA, F_RO, F_CO } from './mapping.ts';
