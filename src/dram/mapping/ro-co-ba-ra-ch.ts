// RoCoBaRaCh: row | column | bank | bank group | rank | channel, MSB first. Consecutive bursts stripe
// across channels, ranks, bank groups and banks before moving along a row: maximal bank parallelism.
import { BitFieldMapping, layout, F_CH, F_RA, F_BG, F_BA, F_RO, F_CO, type AddressMapping } from './mapping.ts';
import type { DramSpec } from '../spec.ts';

export function roCoBaRaCh(spec: DramSpec): AddressMapping {
  return new BitFieldMapping('RoCoBaRaCh', spec, layout(spec, [F_RO, F_CO, F_BA, F_BG, F_RA, F_CH]));
}
