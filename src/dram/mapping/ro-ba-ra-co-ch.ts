// RoBaRaCoCh (Ramulator 2's default): row | bank | bank group | rank | column | channel, MSB first.
// Consecutive bursts fill a row of one bank; the next row-sized chunk moves to the next rank, then the
// next bank group, so a sequential stream changes bank group at every row boundary.
import { BitFieldMapping, layout, F_CH, F_RA, F_BG, F_BA, F_RO, F_CO, type AddressMapping } from './mapping.ts';
import type { DramSpec } from '../spec.ts';

export function roBaRaCoCh(spec: DramSpec): AddressMapping {
  return new BitFieldMapping('RoBaRaCoCh', spec, layout(spec, [F_RO, F_BA, F_BG, F_RA, F_CO, F_CH]));
}
