import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { resolveSpec } from '../../src/dram/index.ts';
import { createMapping, F_CH, F_RA, F_BG, F_BA, F_RO, F_CO } from '../../src/dram/mapping/index.ts';
import { burstBytes, capacityBytes } from '../../src/dram/spec.ts';

const spec = resolveSpec('DDR4-2400-8Gb-x8');
const dec = (name: string, addr: number, s = spec): number[] => {
  const out = new Int32Array(6);
  createMapping(s, name).decode(addr, out);
  return [...out];
};

test('RoBaRaCoCh: a row of 128 bursts, then the next bank group, then the next bank, then the next row', () => {
  assert.deepEqual(dec('RoBaRaCoCh', 0), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(dec('RoBaRaCoCh', 64), [0, 0, 0, 0, 0, 1]);
  assert.deepEqual(dec('RoBaRaCoCh', 127 * 64), [0, 0, 0, 0, 0, 127]);
  assert.deepEqual(dec('RoBaRaCoCh', 128 * 64), [0, 0, 1, 0, 0, 0]); // ch ra bg ba ro co
  assert.deepEqual(dec('RoBaRaCoCh', 4 * 128 * 64), [0, 0, 0, 1, 0, 0]);
  assert.deepEqual(dec('RoBaRaCoCh', 16 * 128 * 64), [0, 0, 0, 0, 1, 0]);
  // the same layout written as a bit-field string, long or short names
  for (const s of ['row:bank:rank:column:channel', 'ro-ba-bg-ra-co-ch', 'robabgracoch']) {
    for (const a of [0, 64, 8192, 3 * 2 ** 20 + 4096, 2 ** 33 - 64]) assert.deepEqual(dec(s, a), dec('RoBaRaCoCh', a), `${s} @ ${a}`);
  }
});

test('RoCoBaRaCh stripes consecutive bursts over bank groups and banks; ChRaBaRoCo keeps a bank contiguous', () => {
  assert.deepEqual(dec('RoCoBaRaCh', 64), [0, 0, 1, 0, 0, 0]);
  assert.deepEqual(dec('RoCoBaRaCh', 4 * 64), [0, 0, 0, 1, 0, 0]);
  assert.deepEqual(dec('RoCoBaRaCh', 16 * 64), [0, 0, 0, 0, 0, 1]);
  assert.deepEqual(dec('ChRaBaRoCo', 128 * 64), [0, 0, 0, 0, 1, 0]);
  assert.deepEqual(dec('ChRaBaRoCo', 2 ** 33 - 64), [0, 0, 3, 3, 65535, 127]);
});

test('every mapping is a bijection of the burst index (property)', () => {
  const hbm = resolveSpec('HBM3-6.4Gbps');
  for (const s of [spec, hbm]) {
    const cap = capacityBytes(s);
    const burst = burstBytes(s);
    for (const name of ['RoBaRaCoCh', 'RoCoBaRaCh', 'ChRaBaRoCo', 'XorBank', 'ro-co3-ba-bg-ch-co']) {
      const m = createMapping(s, name);
      const key = (a: number): string => {
        const o = new Int32Array(6);
        m.decode(a, o);
        return o.join(',');
      };
      fc.assert(
        fc.property(fc.integer({ min: 0, max: cap / burst - 1 }), fc.integer({ min: 0, max: cap / burst - 1 }), (x, y) => {
          fc.pre(x !== y);
          assert.notEqual(key(x * burst), key(y * burst));
          assert.equal(key(x * burst), key(x * burst + burst - 1)); // bytes of one burst map together
        }),
        { numRuns: 300, seed: 3 },
      );
    }
  }
});

test('XorBank spreads same-bank rows over banks but keeps a row together', () => {
  const rowStride = 16 * 128 * 64; // next row, same bank under RoBaRaCoCh
  const banks = new Set<string>();
  for (let r = 0; r < 16; r++) {
    const f = dec('XorBank', r * rowStride);
    banks.add(`${f[F_BG]}:${f[F_BA]}`);
    assert.equal(f[F_RO], r);
    assert.deepEqual(dec('XorBank', r * rowStride + 64).slice(0, 5), f.slice(0, 5));
  }
  assert.equal(banks.size, 16);
});

test('bad layouts are one-line input errors', () => {
  assert.throws(() => createMapping(spec, 'ro-co'), /exactly 2 bits for 'bg'/);
  assert.throws(() => createMapping(spec, 'ro-xx-co'), /a layout of fields/);
  assert.throws(() => createMapping(spec, 'ro-ba-bg-co9-co-ch-ra'), /bits for 'co'/);
  assert.ok(F_CH === 0 && F_RA === 1 && F_CO === 5);
});

test('RoBaRaCoCh decodes any address by its burst index modulo the capacity, as a split-field layout does (property)', () => {
  // DDR4-2400 8Gb x8, 1 channel, 1 rank: 2^27 bursts of 64 B; co 7 bits, bg 2, ba 2, ro 16 (LSB first)
  const expected = (addr: number): number[] => {
    const k = Math.floor(addr / 64) % 2 ** 27;
    return [0, 0, Math.floor(k / 2 ** 7) % 4, Math.floor(k / 2 ** 9) % 4, Math.floor(k / 2 ** 11), k % 2 ** 7];
  };
  fc.assert(
    fc.property(
      fc.oneof(
        fc.integer({ min: 0, max: 2 ** 33 - 1 }),
        fc.integer({ min: 2 ** 33, max: 2 ** 37 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((k) => k * 64 * 2 ** 10 + 63),
      ),
      (addr) => {
        assert.deepEqual(dec('RoBaRaCoCh', addr), expected(addr));
        assert.deepEqual(dec('ro-ba-bg-ra-co3-co-ch', addr), expected(addr));
      },
    ),
    { numRuns: 2000 },
  );
});
