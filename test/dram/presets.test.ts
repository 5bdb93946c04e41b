// The presets against their standards: clocking (beats per command clock x tBURST = the burst length),
// the organisation of the DDR5, GDDR6 and LPDDR5X presets worked out from their JEDEC device
// organisation, their key timings against the JEDEC values in ns, and `asapsim presets` listing every
// registered preset with its refresh modes. (The closed-form bandwidth, refresh and latency checks of
// every preset are in closed-form-presets.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { listPresets, resolveSpec } from '../../src/dram/index.ts';
import { readDramsim3Ini, writeDramsim3Ini } from '../../src/dram/configs/dramsim3-ini.ts';
import { readRamulator2Yaml, writeRamulator2Yaml } from '../../src/dram/configs/ramulator2-yaml.ts';

const GiB = 2 ** 30;

for (const p of listPresets()) {
  test(`${p.name}: one burst is burstLength beats at the preset's beats per command clock`, () => {
    const s = resolveSpec(p.name);
    const beatsPerCK = (s.tCK_ns * s.dataRate) / 1000; // transfers per pin per command-clock cycle
    assert.ok(Math.abs(s.timing.BL * beatsPerCK - s.org.burstLength) < 0.01 * s.org.burstLength, `tBURST ${s.timing.BL} nCK x ${beatsPerCK} beats`);
    assert.ok(s.sources.length >= 2 && s.description.length > 0, 'a description and at least two sources');
  });
}

/** The organisation a preset must have, worked out from its JEDEC device and how many devices form it. */
const ORGANISATION = [
  {
    // JESD79-5 16Gb x8: 8 BG x 4 banks, 64K rows, 1 KB page; a DIMM channel = 2 subchannels of 4 x8 devices
    name: 'DDR5-4800-16Gb-x8',
    channels: 2,
    channelBits: 32,
    burstBytes: (32 / 8) * 16,
    banks: 32,
    rowBytes: 4 * 1024,
    capacity: (8 * 16 * GiB) / 8, // 8 devices of 16 Gb
    peakGBps: (4800e6 * 8) / 1e9, // 64 data bits
  },
  {
    // JESD250 8Gb x32 device = 2 x16 channels, 16 banks each, 2 KB page
    name: 'GDDR6-14Gbps',
    channels: 2,
    channelBits: 16,
    burstBytes: (16 / 8) * 16,
    banks: 16,
    rowBytes: 2 * 1024,
    capacity: (8 * GiB) / 8,
    peakGBps: (14e9 * 32) / 8 / 1e9,
  },
  {
    // JESD209-5B: x16 channels of 16 Gb, 16 banks (BG mode 4 x 4), 2 KB page; four form a 64-bit interface
    name: 'LPDDR5X-8533',
    channels: 4,
    channelBits: 16,
    burstBytes: (16 / 8) * 16,
    banks: 16,
    rowBytes: 2 * 1024,
    capacity: (4 * 16 * GiB) / 8,
    peakGBps: (8533e6 * 8) / 1e9,
  },
];

for (const e of ORGANISATION) {
  test(`${e.name}: organisation as its JEDEC device gives it`, () => {
    const s = resolveSpec(e.name);
    const o = s.org;
    assert.equal(o.channels, e.channels);
    assert.equal(o.busWidth, e.channelBits);
    assert.equal((o.busWidth / 8) * o.burstLength, e.burstBytes);
    assert.equal(o.bankGroups * o.banksPerGroup * o.ranks, e.banks);
    assert.equal((o.columns * o.busWidth) / 8, e.rowBytes);
    assert.equal(o.channels * o.ranks * o.bankGroups * o.banksPerGroup * o.rows * ((o.columns * o.busWidth) / 8), e.capacity);
    const peak = (o.channels * (o.busWidth / 8) * o.burstLength) / (s.timing.BL * s.tCK_ns);
    assert.ok(Math.abs(peak - e.peakGBps) < 1e-3 * e.peakGBps, `peak ${peak} GB/s vs ${e.peakGBps}`);
  });
}

/** JEDEC minimums in ns; the preset must hold the smallest whole nCK that meets each (JEDEC rounding: 2.5 % of a clock of guard band). */
const JEDEC_NS: [string, keyof ReturnType<typeof resolveSpec>['timing'], number][] = [
  ['DDR5-4800-16Gb-x8', 'RFC', 295], // tRFC1 16Gb
  ['DDR5-4800-16Gb-x8', 'RFCpb', 130], // tRFCsb 16Gb
  ['DDR5-4800-16Gb-x8', 'PBR2ACT', 30], // tREFSBRD
  ['DDR5-4800-16Gb-x8', 'RAS', 32],
  ['DDR5-4800-16Gb-x8', 'WR', 30],
  ['DDR5-4800-16Gb-x8', 'CCD_L', 5],
  ['DDR5-4800-16Gb-x8', 'RRD_L', 5],
  ['LPDDR5X-8533', 'RCD', 18],
  ['LPDDR5X-8533', 'RP', 18],
  ['LPDDR5X-8533', 'RPab', 21],
  ['LPDDR5X-8533', 'RAS', 42],
  ['LPDDR5X-8533', 'WR', 34],
  ['LPDDR5X-8533', 'FAW', 20],
  ['LPDDR5X-8533', 'RFC', 280], // tRFCab 16Gb
  ['LPDDR5X-8533', 'RFCpb', 140], // tRFCpb 16Gb
  ['LPDDR5X-8533', 'PBR2PBR', 90],
];

test('DDR5 and LPDDR5X timings are the JEDEC ns values at the preset clock', () => {
  for (const [name, key, ns] of JEDEC_NS) {
    const s = resolveSpec(name);
    const n = s.timing[key];
    const cycles = ns / s.tCK_ns - 0.025;
    assert.ok(n >= cycles && n - 1 < cycles, `${name} t${key}: ${n} nCK x ${s.tCK_ns} ns vs ${ns} ns`);
  }
  const d = resolveSpec('DDR5-4800-16Gb-x8');
  assert.ok(d.timing.REFI * d.tCK_ns <= 3900 + 1e-9 && (d.timing.REFI + 1) * d.tCK_ns > 3900, 'tREFI 3.9 us is a maximum');
});

test('asapsim presets lists every registered preset with its refresh modes', () => {
  const bin = new URL('../../bin/asapsim.js', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [bin, 'presets'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  for (const p of listPresets()) {
    const line = lines.find((l) => l.startsWith(`${p.name} `));
    assert.ok(line !== undefined, `${p.name} listed`);
    const modes = ['allbank', ...(p.perBankRefresh ? ['perbank'] : []), ...(p.name.startsWith('DDR5') ? ['samebank'] : [])].join('/');
    assert.ok(line.trimEnd().endsWith(modes), `${line} ends with ${modes}`);
  }
});

test('refresh=samebank: Ramulator 2 YAML reads back to the same spec; DRAMSim3 .ini, which has no same-bank refresh, refuses in one line', () => {
  for (const p of listPresets().filter((x) => x.refreshModes.includes('samebank'))) {
    const spec = resolveSpec(p.name, { refresh: 'samebank' });
    const back = readRamulator2Yaml(writeRamulator2Yaml(spec), 'x.yaml');
    assert.deepEqual(back.timing, spec.timing);
    assert.deepEqual(back.org, spec.org);
    assert.equal(back.ctrl.refresh, 'samebank');
    assert.throws(
      () => writeDramsim3Ini(spec),
      (e: Error) => e.message === `${p.name}: DRAMSim3 has no same-bank refresh (refresh=samebank); choose another refresh policy`,
    );
    assert.doesNotThrow(() => readDramsim3Ini(writeDramsim3Ini(resolveSpec(p.name)), 'x.ini'));
  }
});
