// XOR bank hash over RoBaRaCoCh (permutation-based interleaving, Zhang, Zhu, Zhang, MICRO 2000):
// bank ^= low row bits and bank group ^= the next row bits, so rows that would conflict in one bank
// spread over all banks while a row's bursts still stay together.
import { F_BG, F_BA, F_RO, type AddressMapping } from './mapping.ts';
import { roBaRaCoCh } from './ro-ba-ra-co-ch.ts';
import type { DramSpec } from '../spec.ts';

export function xorBank(spec: DramSpec): AddressMapping {
  const base = roBaRaCoCh(spec);
  const baMask = spec.org.banksPerGroup - 1;
  const baBits = Math.round(Math.log2(spec.org.banksPerGroup));
  const bgMask = spec.org.bankGroups - 1;
  return {
    name: 'XorBank',
    decode(addr: number, out: Int32Array): void {
      base.decode(addr, out);
      const row = out[F_RO];
      out[F_BA] ^= row & baMask;
      out[F_BG] ^= (row >>> baBits) & bgMask;
    },
  };
}
