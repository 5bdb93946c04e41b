import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/asapsim.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-cli-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

test('asapsim dram --json prints every documented field', () => {
  const f = join(dir, 't.trc');
  writeFileSync(f, Array.from({ length: 2000 }, (_, i) => `${i % 2 ? 'ST' : 'LD'} 0x${(i * 64 * 13).toString(16)}`).join('\n') + '\n');
  const r = cli('dram', '--trace', f, '--format', 'ramulator2', '--preset', 'DDR4-3200-8Gb-x8', '--set', 'scheduler=fcfs', '--json');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (const k of [
    'cycles',
    'tCK_ns',
    'requests',
    'reads',
    'writes',
    'bytes',
    'bandwidthGBps',
    'peakBandwidthGBps',
    'rowHits',
    'rowMisses',
    'rowConflicts',
    'avgReadLatencyCycles',
    'p99ReadLatencyCycles',
    'commands',
    'refreshes',
    'energyJ',
    'energy',
  ]) {
    assert.ok(k in j, `missing ${k}`);
  }
  assert.equal(j.requests, 2000);
  assert.equal(j.reads, 1000);
  assert.equal(j.bytes, 2000 * 64);
  assert.equal(j.scheduler, 'fcfs');
  assert.equal(j.commands.RD + j.commands.RDA, 1000);
  const text = cli('dram', '--trace', f, '--format', 'ramulator2');
  assert.equal(text.status, 0);
  assert.match(text.stdout, /row buffer/);
});

test('bad input: one line on stderr, exit code 2', () => {
  const f = join(dir, 'bad.trc');
  writeFileSync(f, '0x40 R\n0x80 X\n');
  for (const args of [
    ['dram', '--trace', f, '--format', 'ramulator'],
    ['dram', '--trace', f, '--format', 'nope'],
    ['dram', '--trace', f, '--format', 'ramulator', '--preset', 'DDR9'],
    ['dram', '--trace', f, '--format', 'ramulator', '--set', 'CL'],
    ['dram', '--trace', f, '--format', 'ramulator', '--set', 'tREFI=0'],
    ['dram', '--trace', f, '--format', 'ramulator', '--set', 'tRFC=20000'],
  ]) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(r.stdout, '');
  }
  assert.match(cli('dram', '--trace', f, '--format', 'ramulator').stderr, /bad\.trc: line 2: expected "0xADDR R\|W"/);
  const good = join(dir, 'good.trc');
  writeFileSync(good, '0x40 R\n');
  assert.match(cli('dram', '--trace', good, '--format', 'ramulator', '--set', 'tREFI=0').stderr, /tREFI: at least 1 cycle/);
  assert.match(cli('dram', '--trace', good, '--format', 'ramulator', '--set', 'tRFC=20000').stderr, /tRFC: less than tREFI/);
});

test('asapsim presets lists every preset', () => {
  const r = cli('presets');
  assert.equal(r.status, 0);
  for (const p of [
    'DDR4-2400-8Gb-x8',
    'DDR4-2400-8Gb-x16',
    'DDR4-3200-8Gb-x8',
    'DDR4-3200-8Gb-x16',
    'LPDDR4-3200',
    'LPDDR5-6400',
    'HBM2-2Gbps',
    'HBM3-6.4Gbps',
  ])
    assert.match(r.stdout, new RegExp(p));
  const j = JSON.parse(cli('presets', '--json').stdout);
  assert.ok(j.every((p: { sources: string[] }) => p.sources.length > 0));
});
