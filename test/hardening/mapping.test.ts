// Every address mapping of every preset is a bijection between burst addresses and (channel, rank, bank
// group, bank, row, column): exhaustively on each preset shrunk to 16 rows (every burst decoded, all
// distinct and in range, as many tuples as bursts), and by sampling on the full-size presets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allPresets } from '../../src/dram/presets/index.ts';
import { burstBytes, capacityBytes, type DramSpec } from '../../src/dram/spec.ts';
import { applyOverrides } from '../../src/dram/overrides.ts';
import { createMapping, mappingNames, F_CH, F_RA, F_BG, F_BA, F_RO, F_CO } from '../../src/dram/mapping/index.ts';

const mappings = [...mappingNames(), 'ro-ba-bg-ra-co-ch', 'ch-co-ro-ba-bg-ra'];

function limits(s: DramSpec): number[] {
  const o = s.org;
  const l = [];
  l[F_CH] = o.channels;
  l[F_RA] = o.ranks;
  l[F_BG] = o.bankGroups;
  l[F_BA] = o.banksPerGroup;
  l[F_RO] = o.rows;
  l[F_CO] = o.columns / o.burstLength;
  return l;
}

function decoder(s: DramSpec, name: string) {
  const m = createMapping(s, name);
  const out = new Int32Array(6);
  const max = limits(s);
  return (addr: number): number => {
    m.decode(addr, out);
    // One number per tuple (mixed radix), checking each field's range on the way.
    let key = 0;
    for (let f = 0; f < 6; f++) {
      assert.ok(out[f] >= 0 && out[f] < max[f], `${s.name} ${name} @${addr}: field ${f} = ${out[f]} outside [0, ${max[f]})`);
      key = key * max[f] + out[f];
    }
    return key;
  };
}

for (const preset of allPresets()) {
  test(`${preset.name}: every mapping is a bijection (exhaustive at 16 rows, sampled at full size)`, () => {
    const small = applyOverrides(preset, { rows: 16 });
    const burst = burstBytes(small);
    const bursts = capacityBytes(small) / burst;
    assert.equal(
      limits(small).reduce((a, b) => a * b, 1),
      bursts,
      'as many tuples as bursts',
    );
    for (const name of mappings) {
      const key = decoder(small, name);
      const seen = new Uint8Array(bursts);
      for (let b = 0; b < bursts; b++) {
        const k = key(b * burst);
        assert.equal(seen[k], 0, `${name}: two bursts decode to the same tuple`);
        seen[k] = 1;
        assert.equal(key(b * burst + burst - 1), k, `${name}: a burst's bytes decode together`);
      }
      const full = decoder(preset, name);
      const n = capacityBytes(preset) / burstBytes(preset);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), (x, y) => {
          fc.pre(x !== y);
          assert.notEqual(full(x * burstBytes(preset)), full(y * burstBytes(preset)));
        }),
        { numRuns: 100, seed: 11 },
      );
    }
  });
}
