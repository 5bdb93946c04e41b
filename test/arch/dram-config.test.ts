// dram.config in an arch config: a DRAMSim3 .ini or Ramulator 2 YAML (path relative to the arch file) gives
// the DRAM spec instead of a preset, dram.overrides apply on top, the analytic bandwidth is checked against
// the imported clock, the cycle model the replay builds uses it, and every problem is one line naming the
// arch file, the field and (for the imported file's own errors) that file's line and key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadArch, parseConfigText } from '../../src/arch/loader.ts';
import { deriveArch } from '../../src/arch/derive.ts';
import { archDramSpec } from '../../src/arch/dram-spec.ts';
import { createDramFor } from '../../src/sim/dram-for-arch.ts';
import { SampledDram } from '../../src/dram/sampled.ts';
import type { ArchConfig } from '../../src/arch/schema.ts';

/** The spec of the cycle model the replay (asapsim simulate, compare) builds for a config. */
function cycleSpec(config: ArchConfig) {
  const dram = createDramFor(config, 'cycle');
  assert.ok(dram instanceof SampledDram);
  return dram.spec;
}

// DDR4-3200 timings written by hand (not by our exporter): a different speed bin from the DDR4 base preset
// (DDR4-2400), so every value checked below can only have come from this file.
const INI = `[dram_structure]
protocol = DDR4
bankgroups = 4
banks_per_group = 4
rows = 65536
columns = 1024
device_width = 8
BL = 8

[timing]
tCK = 0.625
CL = 22
CWL = 16
tRCD = 22
tRP = 22
tRAS = 52
tRC = 74
tWR = 24
tRTP = 12
tCCD_S = 4
tCCD_L = 8
tRRD_S = 4
tRRD_L = 8
tWTR_S = 4
tWTR_L = 12
tFAW = 34
tRFC = 560
tREFI = 12480

[system]
channel_size = 8192
channels = 1
bus_width = 64
`;

const RAMULATOR2 = `MemorySystem:
  impl: GenericDRAM
  DRAM:
    impl: DDR4
    org:
      channel: 1
      rank: 1
      bankgroup: 4
      bank: 4
      row: 65536
      column: 1024
      dq: 8
    timing:
      rate: 3200
      tCK_ps: 625
      nBL: 4
      nCL: 20
      nCWL: 16
      nRCD: 21
      nRP: 22
      nRAS: 52
      nRC: 74
      nWR: 24
      nRTP: 12
      nCCDS: 4
      nCCDL: 8
      nRRDS: 4
      nRRDL: 8
      nWTRS: 4
      nWTRL: 12
      nFAW: 34
      nRFC: 560
      nREFI: 12480
`;

/** 3200 MT/s (two transfers per 0.625 ns clock) x 64-bit bus / 8 bits per byte, in GB/s. */
const PEAK_GBPS = ((2 / 0.625) * 64) / 8;

function arch(dram: string): string {
  return `name: t
compute:
  macs_per_cycle: 64
  clock: 1 GHz
buffer:
  capacity: 64 KiB
  bandwidth: 64 GB/s
dram:
${dram}`;
}

function withDir(body: (dir: string, write: (path: string, text: string) => string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-arch-dram-config-'));
  const write = (path: string, text: string) => {
    const f = join(dir, path);
    mkdirSync(join(f, '..'), { recursive: true });
    writeFileSync(f, text);
    return f;
  };
  try {
    body(dir, write);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

test('dram.config: a DRAMSim3 .ini relative to the arch file sets the spec; overrides apply on top; the cycle model uses it', () => {
  withDir((dir, write) => {
    const ini = write('mem/ddr4-3200.ini', INI);
    const file = write('arch/a.yaml', arch(`  config: ../mem/ddr4-3200.ini\n  bandwidth: ${PEAK_GBPS} GB/s\n`));
    const a = loadArch(file);
    assert.equal(a.config.dram.config, ini);
    const spec = archDramSpec(a.config.dram);
    assert.equal(spec.timing.CL, 22);
    assert.equal(spec.timing.RCD, 22);
    assert.equal(spec.timing.FAW, 34);
    assert.equal(spec.tCK_ns, 0.625);
    assert.equal(cycleSpec(a.config).timing.CL, 22);

    const over = loadArch(write('arch/b.yaml', arch(`  config: ../mem/ddr4-3200.ini\n  bandwidth: ${PEAK_GBPS} GB/s\n  overrides:\n    tCL: 24\n`)));
    assert.equal(archDramSpec(over.config.dram).timing.CL, 24);
    assert.equal(cycleSpec(over.config).timing.CL, 24);
    assert.equal(archDramSpec(over.config.dram).timing.RCD, 22);

    // the arch hash covers the imported file's bytes: same arch text, different .ini, different hash
    write('mem/ddr4-3200.ini', INI.replace('CL = 22', 'CL = 21'));
    assert.notEqual(loadArch(file).hash, a.hash);
  });
});

test('dram.config: a Ramulator 2 YAML memory section sets the spec', () => {
  withDir((_dir, write) => {
    write('r2.yaml', RAMULATOR2);
    const a = loadArch(write('a.yaml', arch(`  config: r2.yaml\n  bandwidth: ${PEAK_GBPS} GB/s\n`)));
    const spec = archDramSpec(a.config.dram);
    assert.equal(spec.timing.CL, 20);
    assert.equal(spec.timing.RCD, 21);
    assert.equal(spec.tCK_ns, 0.625);
  });
});

test('a derived (swept) dram.config replaces the base preset, and a swept preset replaces a base config', () => {
  withDir((dir, write) => {
    write('cfg/d.ini', INI);
    const base = loadArch(write('a.yaml', arch(`  preset: DDR4-2400-8Gb-x8\n  bandwidth: 19.2 GB/s\n`)));
    const raw = parseConfigText(base.text, base.file).data;
    const point = deriveArch(base, raw, { 'dram.config': 'cfg/d.ini', 'dram.bandwidth': `${PEAK_GBPS} GB/s` }, () => 'sweep');
    assert.equal(point.config.dram.preset, undefined);
    assert.equal(point.config.dram.config, join(dir, 'cfg/d.ini'));
    assert.equal(archDramSpec(point.config.dram).timing.CL, 22);
    assert.notEqual(point.hash, base.hash);
    // the swept file's bytes are part of the point's hash: an edited .ini is another point
    write('cfg/d.ini', INI + '\n; edited\n');
    const edited = deriveArch(base, raw, { 'dram.config': 'cfg/d.ini', 'dram.bandwidth': `${PEAK_GBPS} GB/s` }, () => 'sweep');
    assert.notEqual(edited.hash, point.hash);
    write('cfg/d.ini', INI);

    const fromConfig = loadArch(write('b.yaml', arch(`  config: cfg/d.ini\n  bandwidth: ${PEAK_GBPS} GB/s\n`)));
    const back = deriveArch(
      fromConfig,
      parseConfigText(fromConfig.text, fromConfig.file).data,
      { 'dram.preset': 'DDR4-2400-8Gb-x8', 'dram.bandwidth': '19.2 GB/s' },
      () => 'sweep',
    );
    assert.equal(back.config.dram.config, undefined);
    assert.equal(archDramSpec(back.config.dram).timing.CL, 17); // DDR4-2400 CL17
  });
});

test('dram.config errors: one line naming the arch file, its line, the field and what was expected', () => {
  withDir((dir, write) => {
    write('d.ini', INI);
    const expectOne = (dramText: string, pattern: (f: string, text: string) => string | RegExp) => {
      const text = arch(dramText);
      const f = write('bad.yaml', text);
      assert.throws(
        () => loadArch(f),
        (e: Error) => {
          const want = pattern(f, text);
          if (typeof want === 'string') assert.equal(e.message, want);
          else assert.match(e.message, want);
          assert.ok(!e.message.includes('\n'));
          return true;
        },
      );
    };
    // the analytic bandwidth is checked against the imported clock (2400 MT/s would be 19.2 GB/s)
    expectOne(
      `  config: d.ini\n  bandwidth: 19.2 GB/s\n`,
      (f, t) => `${f}:${lineOf(t, 'bandwidth: 19.2')}: dram.bandwidth: 19.2 GB/s does not match the peak of d.ini (${PEAK_GBPS.toFixed(1)} GB/s)`,
    );
    expectOne(
      `  preset: DDR4-2400-8Gb-x8\n  config: d.ini\n  bandwidth: 19.2 GB/s\n`,
      (f, t) => `${f}:${lineOf(t, 'config:')}: dram.config: give either dram.preset or dram.config, not both`,
    );
    expectOne(
      `  bandwidth: 19.2 GB/s\n`,
      (f, t) => `${f}:${lineOf(t, 'dram:')}: dram.preset: missing (required unless dram.config names a DRAMSim3 .ini or Ramulator 2 YAML file)`,
    );
    expectOne(
      `  config: nowhere.ini\n  bandwidth: 19.2 GB/s\n`,
      (f, t) => `${f}:${lineOf(t, 'config:')}: dram.config: ${join(dir, 'nowhere.ini')}: cannot read the DRAM config (ENOENT)`,
    );
    // a key the importer cannot map: the imported file's own line and key, placed at dram.config
    const bad = INI.replace('[timing]\n', '[timing]\ntXYZ = 4\n');
    write('unmappable.ini', bad);
    expectOne(
      `  config: unmappable.ini\n  bandwidth: ${PEAK_GBPS} GB/s\n`,
      (f, t) =>
        `${f}:${lineOf(t, 'config:')}: dram.config: ${join(dir, 'unmappable.ini')}: line ${lineOf(bad, 'tXYZ')}: tXYZ: not a DRAMSim3 key this model maps (section [timing])`,
    );
    // an override on top of the imported spec is checked as on a preset
    expectOne(
      `  config: d.ini\n  bandwidth: ${PEAK_GBPS} GB/s\n  overrides:\n    tFOO: 3\n`,
      (f, t) => new RegExp(`^${escape(f)}:${lineOf(t, 'tFOO')}: dram\\.overrides\\.tFOO: expected a known parameter`),
    );
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
