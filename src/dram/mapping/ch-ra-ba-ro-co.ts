// ChRaBaRoCo: channel | rank | bank group | bank | row | column, MSB first. Each bank owns one contiguous
// slice of the address space (no interleaving): the worst case for bank parallelism, useful as a bound.
import { BitFieldMapping, layout, F_CH, F_RA, F_BG, F_BA, F_RO, F_CO, type AddressMapping } from './mapping.ts';
import type { DramSpec } from '../spec.ts';

export function chRaBaRoCo(spec: DramSpec): AddressMapping {
  return new BitFieldMapping('ChRaBaRoCo', spec, layout(spec, [F_CH, F_RA, F_BG, F_BA, F_RO, F_CO]));
}
