// Property tests of the config parser and unit parsing: random valid configs load to exactly the numbers
// they state, the same from YAML and JSON; a typo in any key of a shipped config is a one-line error naming
// the file, the line and the misspelt key; quantities parse to base units, and the wrong kind is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, parseDocument, stringify, type Node as YamlNode } from 'yaml';
import { loadArch } from '../../src/arch/loader.ts';
import { parseQuantity, quantityKinds, type QuantityKind } from '../../src/arch/quantity.ts';
import { allPresets } from '../../src/dram/presets/index.ts';
import { peakBytesPerNs } from '../../src/dram/spec.ts';
import { tensorRoles } from '../../src/trace/schema.ts';
import { UserError } from '../../src/util/errors.ts';
import { DRAM_MODES } from '../../src/dram/dram.ts';

const dir = mkdtempSync(join(tmpdir(), 'asapsim-props-'));
const presets = allPresets();

const validConfig = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
  macs: fc.integer({ min: 1, max: 1 << 16 }),
  clockMHz: fc.integer({ min: 1, max: 5000 }),
  capacityKiB: fc.integer({ min: 1, max: 1 << 20 }),
  blockLog2: fc.integer({ min: 6, max: 16 }),
  banks: fc.integer({ min: 1, max: 64 }),
  bufferGBs: fc.integer({ min: 1, max: 4096 }),
  preset: fc.constantFrom(...presets),
  model: fc.constantFrom(...DRAM_MODES),
  latencyNs: fc.integer({ min: 0, max: 1000 }),
  efficiency: fc.double({ min: 0.01, max: 1, noNaN: true }),
  pin: fc.subarray([...tensorRoles]),
  pinShare: fc.double({ min: 0, max: 1, noNaN: true }),
  dataflow: fc.constantFrom('weight-stationary', 'output-stationary', 'input-stationary'),
  stash: fc.constantFrom('compact', 'pytorch'),
});

type Valid = typeof validConfig extends fc.Arbitrary<infer T> ? T : never;

function document(v: Valid): Record<string, unknown> {
  const pinKiB = Math.floor(v.capacityKiB * v.pinShare);
  return {
    name: v.name,
    compute: { macs_per_cycle: v.macs, clock: `${v.clockMHz} MHz` },
    buffer: { capacity: `${v.capacityKiB} KiB`, block: `${2 ** v.blockLog2} B`, banks: v.banks, bandwidth: `${v.bufferGBs} GB/s` },
    dram: { model: v.model, preset: v.preset.name, bandwidth: `${peakBytesPerNs(v.preset)} GB/s`, latency: `${v.latencyNs} ns`, efficiency: v.efficiency },
    residency: { pin: v.pin, pin_capacity: `${pinKiB} KiB` },
    dataflow: v.dataflow,
    stash: v.stash,
  };
}

test('random valid configs load to the numbers they state, identically from YAML and JSON (property)', () => {
  fc.assert(
    fc.property(validConfig, (v) => {
      const doc = document(v);
      writeFileSync(join(dir, 'c.yaml'), stringify(doc));
      writeFileSync(join(dir, 'c.json'), JSON.stringify(doc));
      const y = loadArch(join(dir, 'c.yaml')).config;
      assert.deepEqual(loadArch(join(dir, 'c.json')).config, y);
      assert.equal(y.compute.clock, v.clockMHz * 1e6);
      assert.equal(y.buffer.capacity, v.capacityKiB * 1024);
      assert.equal(y.buffer.block, 2 ** v.blockLog2);
      assert.equal(y.dram.preset, v.preset.name);
      assert.ok(Math.abs(y.dram.latency - v.latencyNs * 1e-9) < 1e-18);
      assert.equal(y.residency.pin_capacity, Math.floor(v.capacityKiB * v.pinShare) * 1024);
      assert.deepEqual(y.residency.pin, v.pin);
      // Written back out with the loaded values, the config loads to itself.
      writeFileSync(join(dir, 'again.yaml'), stringify({ ...doc, buffer: { ...(doc.buffer as object), capacity: `${y.buffer.capacity} B` } }));
      assert.deepEqual(loadArch(join(dir, 'again.yaml')).config, y);
    }),
    { numRuns: 60, seed: 1 },
  );
});

/** Every key path of a YAML document (sections and leaves), e.g. ["dram", "overrides", "mapping"]. */
function keyPaths(node: unknown, prefix: string[] = []): string[][] {
  if (!isMap(node)) return [];
  return node.items.flatMap((p) => {
    const path = [...prefix, String((p.key as { value: unknown }).value)];
    return [path, ...keyPaths(p.value, path)];
  });
}

const edgeFile = new URL('../../arch-configs/edge.yaml', import.meta.url).pathname;
const edgeText = readFileSync(edgeFile, 'utf8');
const edgePaths = keyPaths(parseDocument(edgeText).contents);
const typo = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_')).map(
    ([i, c]) =>
      (k: string) =>
        k.slice(0, i % (k.length + 1)) + c + k.slice(i % (k.length + 1)),
  ),
  fc.nat().map((i) => (k: string) => (k.length > 1 ? k.slice(0, i % k.length) + k.slice((i % k.length) + 1) : `${k}x`)),
  fc.tuple(fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz')).map(
    ([i, c]) =>
      (k: string) =>
        k.slice(0, i % k.length) + c + k.slice((i % k.length) + 1),
  ),
);

test('a typo in any key of a shipped config is one line naming the file, line and key (property)', () => {
  fc.assert(
    fc.property(fc.constantFrom(...edgePaths), typo, (path, edit) => {
      const doc = parseDocument(edgeText);
      const parent = path.length === 1 ? doc.contents : (doc.getIn(path.slice(0, -1), true) as YamlNode);
      const pair = isMap(parent) ? parent.items.find((p) => (p.key as { value: unknown }).value === path[path.length - 1]) : undefined;
      const bad = edit(path[path.length - 1]);
      fc.pre(!!pair && isMap(parent) && !parent.items.some((p) => (p.key as { value: unknown }).value === bad));
      (pair!.key as { value: unknown }).value = bad;
      const file = join(dir, 'typo.yaml');
      writeFileSync(file, doc.toString());
      try {
        loadArch(file);
        assert.fail(`"${bad}" for ${path.join('.')} was accepted`);
      } catch (e) {
        assert.ok(e instanceof UserError, String(e));
        assert.equal(e.message.split('\n').length, 1);
        assert.ok(e.message.startsWith(`${file}:`), e.message);
        assert.match(e.message, /^[^:]+:\d+: /, 'names the line');
        assert.ok(e.message.includes([...path.slice(0, -1), bad].join('.')), `names the key: ${e.message}`);
        assert.equal(e.exitCode, 2);
      }
    }),
    { numRuns: 150, seed: 2 },
  );
});

const sizeUnits: Array<[string, number]> = [
  ['B', 1],
  ['bytes', 1],
  ['kB', 1e3],
  ['KiB', 2 ** 10],
  ['MiB', 2 ** 20],
  ['GiB', 2 ** 30],
];

test('sizes parse to bytes in the unit given; KB/MB/GB/TB are refused as ambiguous (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1 << 20 }), fc.constantFrom(...sizeUnits), fc.constantFrom('', ' ', '  '), (n, [u, f], gap) => {
      assert.equal(parseQuantity(`${n}${gap}${u}`, 'bytes'), n * f);
    }),
    { numRuns: 300, seed: 3 },
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4096 }), fc.constantFrom('K', 'M', 'G', 'T'), (n, p) => {
      assert.throws(() => parseQuantity(`${n} ${p}B`, 'bytes'), new RegExp(`"${n} ${p}B" is ambiguous for a size: write "${n} ${p}iB"`));
    }),
    { numRuns: 100, seed: 4 },
  );
});

const examples: Record<QuantityKind, Array<[string, number]>> = {
  bytes: [['KiB', 1024]],
  frequency: [
    ['Hz', 1],
    ['MHz', 1e6],
    ['GHz', 1e9],
  ],
  bandwidth: [
    ['B/s', 1],
    ['GB/s', 1e9],
    ['GiB/s', 2 ** 30],
  ],
  time: [
    ['ns', 1e-9],
    ['us', 1e-6],
    ['s', 1],
  ],
  energy: [
    ['pJ', 1e-12],
    ['nJ', 1e-9],
    ['J', 1],
  ],
};
const kinds = Object.keys(quantityKinds) as QuantityKind[];

test('each kind parses its own units and refuses every other kind, naming what was expected (property)', () => {
  fc.assert(
    fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }), fc.constantFrom(...kinds), fc.constantFrom(...kinds), (x, given, wanted) => {
      const [unit, factor] = examples[given][0];
      const text = `${x} ${unit}`;
      if (given === wanted) {
        const v = parseQuantity(text, wanted);
        assert.ok(Math.abs(v - x * factor) <= 1e-9 * x * factor, `${text} = ${v}`);
      } else
        assert.throws(
          () => parseQuantity(text, wanted),
          new RegExp(`is not an? ${quantityKinds[wanted].noun}: expected a unit like "${quantityKinds[wanted].example}"`),
        );
    }),
    { numRuns: 300, seed: 5 },
  );
  for (const [kind, units] of Object.entries(examples)) for (const [u, f] of units) assert.equal(parseQuantity(`2 ${u}`, kind as QuantityKind), 2 * f);
  assert.throws(() => parseQuantity(5, 'time'), /bare number 5/);
  assert.equal(parseQuantity(0, 'time'), 0);
});
