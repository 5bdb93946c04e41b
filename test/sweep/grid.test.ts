// The sweep grid: value ranges, key checking with "did you mean", sweep-file errors naming file:line,
// deterministic enumeration, hashing and sharding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandRange, parseSetFlag } from '../../src/sweep/values.ts';
import { archKeyProblem } from '../../src/arch/derive.ts';
import { buildSweep, parseShard, readSweepFile, shardPoints } from '../../src/sweep/spec.ts';

const edge = new URL('../../arch-configs/edge.yaml', import.meta.url).pathname;

test('ranges double from lo to hi and keep units a config parses', () => {
  assert.deepEqual(expandRange('64 KiB..64 MiB'), [
    '64 KiB',
    '128 KiB',
    '256 KiB',
    '512 KiB',
    '1 MiB',
    '2 MiB',
    '4 MiB',
    '8 MiB',
    '16 MiB',
    '32 MiB',
    '64 MiB',
  ]);
  assert.deepEqual(expandRange('256..2048'), [256, 512, 1024, 2048]);
  assert.equal(expandRange('LPDDR4-3200'), undefined);
  assert.throws(() => expandRange('1 GHz..64 MiB'), /different units/);
  assert.throws(() => expandRange('8 MiB..1 MiB'), /below the low end/);
  assert.deepEqual(parseSetFlag('dram.preset=LPDDR4-3200,DDR4-3200'), { key: 'dram.preset', values: ['LPDDR4-3200', 'DDR4-3200'] });
  assert.deepEqual(parseSetFlag('compute.macs_per_cycle=256,1024').values, [256, 1024]);
  assert.throws(() => parseSetFlag('buffer.capacity'), /expected KEY=VALUES/);
});

test('swept keys are checked against the arch schema, with did-you-mean', () => {
  assert.equal(archKeyProblem('buffer.capacity'), undefined);
  assert.equal(archKeyProblem('dram.preset'), undefined);
  assert.equal(archKeyProblem('dtypes.saved_activation'), undefined);
  assert.equal(archKeyProblem('stash'), undefined);
  assert.match(archKeyProblem('buffer.capacty')!, /did you mean "buffer.capacity"\?/);
  assert.match(archKeyProblem('bufer.capacity')!, /did you mean "buffer"\?/);
  assert.match(archKeyProblem('buffer')!, /is a section; name a value inside it: buffer.capacity/);
});

function sweepFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-grid-'));
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, text);
  return file;
}

test('sweep file errors are one line naming file:line and the key', () => {
  const base = `arch: ${edge}\nmodels: convnet\ninput: mnist\nbatch: 2\nrules: [bp, asap:4]\n`;
  assert.throws(() => readSweepFile(sweepFile(base + 'gird:\n  buffer.capacity: 64 KiB\n')), /sweep\.yaml:6: gird: unknown key; did you mean "grid"\?/);
  assert.throws(() => readSweepFile(sweepFile(base.replace('asap:4', 'asap:3'))), /sweep\.yaml:5: rules\.1: expected a rule/);
  const typo = readSweepFile(sweepFile(base + 'grid:\n  buffer.capacty: 64 KiB..1 MiB\n'));
  assert.throws(() => buildSweep(typo, edge, () => 'x'), /sweep\.yaml:7: buffer\.capacty: unknown arch config key; did you mean "buffer\.capacity"\?/);
  const badUnit = readSweepFile(sweepFile(base + 'grid:\n  buffer.capacity: [1 GHz]\n'));
  assert.throws(() => buildSweep(badUnit, edge, () => 'x'), /sweep\.yaml:7: buffer\.capacity: "1 GHz" is not a size/);
  const badDtype = readSweepFile(sweepFile(base + 'grid:\n  dtypes.saved_activation: [fp33]\n'));
  assert.throws(() => buildSweep(badDtype, edge, () => 'x'), /sweep\.yaml:7: dtypes\.saved_activation: expected one of/);
});

test('points enumerate in a fixed order, rules fastest; shards partition them; the hash ignores paths and name', () => {
  const input = {
    models: ['convnet'],
    input: 'mnist',
    batch: [2, 4],
    rules: ['bp', 'asap:2'],
    grid: [{ key: 'buffer.capacity', raw: '64 KiB..256 KiB', where: 'x' }],
  };
  const a = buildSweep({ ...input, name: 'a' }, edge, () => 'a');
  const b = buildSweep({ ...input, name: 'b' }, edge, () => 'b');
  assert.equal(a.points.length, 2 * 3 * 2);
  assert.equal(a.hash, b.hash);
  assert.deepEqual(
    a.points.slice(0, 3).map((p) => [p.batch, p.values['buffer.capacity'], p.rule]),
    [
      [2, '64 KiB', 'bp'],
      [2, '64 KiB', 'asap(k=2)'],
      [2, '128 KiB', 'bp'],
    ],
  );
  assert.equal(a.archFor(a.points[2].values).config.buffer.capacity, 128 * 1024);
  const c = buildSweep({ ...input, batch: [2] }, edge, () => 'c');
  assert.notEqual(a.hash, c.hash);
  const shards = [0, 1, 2].map((i) => shardPoints(a.points, { index: i, count: 3 }).map((p) => p.index));
  assert.deepEqual(
    shards.flat().sort((x, y) => x - y),
    a.points.map((p) => p.index),
  );
  assert.ok(shards.every((s) => s.length === 4));
  assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  assert.throws(() => parseShard('3/3'), /0 <= i < n/);
});
