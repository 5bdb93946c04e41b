import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/asapsim.js', import.meta.url).pathname;
const edgeText = readFileSync(new URL('../../arch-configs/edge.yaml', import.meta.url), 'utf8');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const badConfigs: Array<[string, string, RegExp]> = [
  ['unknown key', edgeText.replace('capacity: 512 KiB', 'capacty: 512 KiB'), /bad\.yaml:\d+: buffer\.capacty: unknown key; did you mean "capacity"\?/],
  ['wrong unit', edgeText.replace('capacity: 512 KiB', 'capacity: 3 GHz'), /bad\.yaml:\d+: buffer\.capacity: "3 GHz" is not a size/],
  ['negative size', edgeText.replace('capacity: 512 KiB', 'capacity: -512 KiB'), /bad\.yaml:\d+: buffer\.capacity: must be zero or more/],
  ['ambiguous unit', edgeText.replace('capacity: 512 KiB', 'capacity: 512 KB'), /buffer\.capacity: "512 KB" is ambiguous/],
];

for (const [name, text, message] of badConfigs) {
  test(`config error (${name}): one line naming file and key, exit 2, no report directory`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'asapsim-'));
    writeFileSync(join(dir, 'bad.yaml'), text);
    const r = cli(['compare', '--arch', 'bad.yaml', '--model', 'convnet', '--batch', '2', '--out', 'reports'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!existsSync(join(dir, 'reports')));
  });
}

test('compare writes the report, refuses to overwrite it without --force, prints --json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-'));
  const args = ['compare', '--model', 'convnet', '--input', 'mnist', '--batch', '4', '--rules', 'bp,asap,asap:4', '--out', 'reports', '--name', 'r'];
  const first = cli(args, dir);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /saving vs bp/);
  const files = readdirSync(join(dir, 'reports', 'r'));
  for (const f of ['summary.json', 'layers.csv', 'index.html', 'traffic-by-role.vl.json', 'traffic-by-role.svg', 'traffic-by-role.png'])
    assert.ok(files.includes(f), f);
  const again = cli(args, dir);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists; pass --force/);
  const json = cli([...args, '--force', '--json'], dir);
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  assert.deepEqual(
    doc.summaries.map((s: { label: string }) => s.label),
    ['bp', 'asap(k=2)', 'asap(k=4)'],
  );
});

test('trace then simulate gives the same DRAM bytes as compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-'));
  assert.equal(cli(['trace', '--model', 'convnet', '--input', 'mnist', '--batch', '4', '--rule', 'asap', '-o', 't.jsonl'], dir).code, 0);
  const sim = cli(['simulate', '--trace', 't.jsonl', '--json'], dir);
  assert.equal(sim.code, 0, sim.stderr);
  const cmp = cli(['compare', '--model', 'convnet', '--input', 'mnist', '--batch', '4', '--rules', 'asap', '--no-report', '--json'], dir);
  const a = JSON.parse(sim.stdout);
  const b = JSON.parse(cmp.stdout);
  assert.equal(a.totals.dramRead, b.runs[0].totals.dramRead);
  assert.equal(a.totals.writeback, b.runs[0].totals.writeback);
});

test('bad flags and bad traces: one line, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-'));
  const r1 = cli(['compare', '--rules', 'bp,sgd'], dir);
  assert.equal(r1.code, 2);
  assert.match(r1.stderr, /unknown rule "sgd"/);
  const r2 = cli(['compare', '--batch', '-3'], dir);
  assert.equal(r2.code, 2);
  writeFileSync(join(dir, 'bad.jsonl'), '{"type":"header","schema":"asapsim-trace","version":7}\n');
  const r3 = cli(['simulate', '--trace', 'bad.jsonl'], dir);
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /bad\.jsonl:1: version/);
  assert.equal(r3.stderr.trim().split('\n').length, 1);
});
