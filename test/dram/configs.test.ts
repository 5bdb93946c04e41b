// DRAMSim3 .ini and Ramulator 2 YAML: every preset exported and read back gives the same spec (timing,
// organisation, energy inputs, policy, and a mapping that decodes every address the same way), a second
// export is the same text, and keys we cannot map are one-line errors naming file, line and key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPresets, resolveSpec } from '../../src/dram/index.ts';
import { readDramsim3Ini, writeDramsim3Ini } from '../../src/dram/configs/dramsim3-ini.ts';
import { readRamulator2Yaml, writeRamulator2Yaml } from '../../src/dram/configs/ramulator2-yaml.ts';
import { createMapping } from '../../src/dram/mapping/index.ts';
import { capacityBytes, type DramSpec } from '../../src/dram/spec.ts';
import { rng } from './helpers.ts';

function sameDecode(a: DramSpec, b: DramSpec): void {
  const ma = createMapping(a, a.ctrl.mapping);
  const mb = createMapping(b, b.ctrl.mapping);
  const fa = new Int32Array(6);
  const fb = new Int32Array(6);
  const r = rng(3);
  for (let i = 0; i < 2000; i++) {
    const addr = Math.floor(r() * (capacityBytes(a) / 64)) * 64;
    ma.decode(addr, fa);
    mb.decode(addr, fb);
    assert.deepEqual(Array.from(fb), Array.from(fa), `${a.name}: address ${addr}`);
  }
}

const body = (text: string) => text.split('\n').slice(1).join('\n'); // drop the header comment naming the source

for (const p of listPresets()) {
  for (const refresh of p.perBankRefresh ? ['allbank', 'perbank'] : ['allbank']) {
    test(`${p.name} (${refresh}): preset -> DRAMSim3 ini / Ramulator 2 YAML -> spec -> same text`, () => {
      const spec = resolveSpec(p.name, { refresh });
      for (const [write, read, ext] of [
        [writeDramsim3Ini, readDramsim3Ini, 'ini'],
        [writeRamulator2Yaml, readRamulator2Yaml, 'yaml'],
      ] as const) {
        const text = write(spec);
        const back = read(text, `x.${ext}`);
        assert.deepEqual(back.org, spec.org, ext);
        assert.deepEqual(back.timing, spec.timing, ext);
        if (ext === 'ini') assert.deepEqual(back.power, spec.power, ext); // Ramulator 2 configs carry no currents: the base preset's
        assert.ok(Math.abs(back.tCK_ns - spec.tCK_ns) < 1e-12, `tCK ${back.tCK_ns} vs ${spec.tCK_ns}`);
        assert.equal(back.ctrl.refresh, spec.ctrl.refresh);
        assert.equal(back.ctrl.pagePolicy, spec.ctrl.pagePolicy);
        assert.equal(back.ctrl.scheduler, spec.ctrl.scheduler);
        sameDecode(spec, back);
        assert.equal(body(write(back)), body(text), `${ext}: second export`);
      }
    });
  }
}

test('unmappable keys: one line naming file, line and key', () => {
  const ini = writeDramsim3Ini(resolveSpec('DDR4-2400-8Gb-x8'));
  const bad = ini.replace('[timing]\n', '[timing]\ntXYZ = 4\n');
  const line = bad.split('\n').indexOf('tXYZ = 4') + 1;
  assert.throws(
    () => readDramsim3Ini(bad, 'd.ini'),
    (e: Error) => e.message === `d.ini: line ${line}: tXYZ: not a DRAMSim3 key this model maps (section [timing])`,
  );
  assert.throws(() => readDramsim3Ini(ini.replace('AL = 0', 'AL = 2'), 'd.ini'), /AL: expected 0 \(additive latency is not modelled\)/);
  assert.throws(() => readDramsim3Ini(ini.replace('protocol = DDR4', 'protocol = DDR9'), 'd.ini'), /protocol: DDR9: one of DDR3, DDR4/);
  assert.throws(() => readDramsim3Ini(ini.replace('tREFI = 9360', 'tREFI = 0'), 'd.ini'), /d\.ini: tREFI: at least 1 cycle/);
  const yaml = writeRamulator2Yaml(resolveSpec('DDR4-2400-8Gb-x8'));
  assert.throws(
    () => readRamulator2Yaml(yaml.replace('      nCL: 17\n', '      nCL: 17\n      nFOO: 3\n'), 'r.yaml'),
    /r\.yaml: line \d+: MemorySystem\.DRAM\.timing\.nFOO: not a timing key/,
  );
  assert.throws(
    () => readRamulator2Yaml(yaml.replace('    org:\n', '    org:\n      preset: DDR4_8Gb_x8\n'), 'r.yaml'),
    /org\.preset: Ramulator's preset tables are not read here/,
  );
  assert.throws(
    () => readRamulator2Yaml(yaml.replace('  Controller:', '  Frobnicator: 1\n  Controller:'), 'r.yaml'),
    /MemorySystem\.Frobnicator: not a key this model maps/,
  );
});

test('asapsim dram --config and asapsim presets --export, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-config-'));
  try {
    const bin = new URL('../../bin/asapsim.js', import.meta.url).pathname;
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    const ini = cli('presets', '--export', 'dramsim3', 'LPDDR4-3200');
    assert.equal(ini.status, 0, ini.stderr);
    const f = join(dir, 'lp4.ini');
    writeFileSync(f, ini.stdout);
    const printed = cli('dram', '--config', f, '--set', 'tCL=30', '--print-config');
    assert.equal(printed.status, 0, printed.stderr);
    const spec = JSON.parse(printed.stdout);
    assert.equal(spec.timing.CL, 30);
    assert.equal(spec.timing.RCD, resolveSpec('LPDDR4-3200').timing.RCD);
    writeFileSync(join(dir, 'bad.ini'), ini.stdout.replace('[timing]\n', '[timing]\nfoo = 1\n'));
    const bad = cli('dram', '--config', join(dir, 'bad.ini'), '--print-config');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr.trim(), /^.*bad\.ini: line \d+: foo: not a DRAMSim3 key this model maps/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
