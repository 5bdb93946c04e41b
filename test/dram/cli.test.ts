import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
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
    'readLatencyCycles',
    'channelBandwidthGBps',
    'refreshCycles',
    'refreshFraction',
    'frontend',
    'energyPerCommandPJ',
  ]) {
    assert.ok(k in j, `missing ${k}`);
  }
  assert.equal(j.requests, 2000);
  assert.equal(j.reads, 1000);
  assert.equal(j.bytes, 2000 * 64);
  assert.equal(j.scheduler, 'fcfs');
  assert.equal(j.commands.RD + j.commands.RDA, 1000);
  const l = j.readLatencyCycles;
  assert.ok(l.p50 <= l.p90 && l.p90 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.p999 && l.p999 <= l.max);
  assert.equal(j.refreshCycles, j.commands.REF * 420 * (3200 / 2400)); // DDR4-3200 tRFC = 350 ns = 560 nCK
  // per channel bandwidth sums to the served bytes over the time
  assert.ok(Math.abs(j.channelBandwidthGBps.reduce((a: number, b: number) => a + b, 0) - j.bandwidthGBps) < 1e-9);
  const text = cli('dram', '--trace', f, '--format', 'ramulator2');
  assert.equal(text.status, 0);
  assert.match(text.stdout, /row buffer/);
  assert.match(text.stdout, /p99\.9/);
  assert.match(text.stdout, /pJ per ACT/);
});

test('asapsim dram: --print-config after --set (tXX and nXX), --cycles budget, --command-trace, P_MEM_WR', () => {
  const cfg = cli('dram', '--preset', 'HBM2-2Gbps', '--set', 'nRCD=15', '--set', 'nCCDL=3', '--set', 'tCL=16', '--print-config');
  assert.equal(cfg.status, 0, cfg.stderr);
  const spec = JSON.parse(cfg.stdout);
  assert.equal(spec.timing.RCD, 15);
  assert.equal(spec.timing.CCD_L, 3);
  assert.equal(spec.timing.CL, 16);
  assert.equal(spec.ctrl.frontend, 'unlimited');
  const f = join(dir, 'p.trc');
  writeFileSync(f, Array.from({ length: 400 }, (_, i) => `0x${(i * 64).toString(16)} ${i % 4 === 0 ? 'P_MEM_WR' : 'READ'} ${i * 10}`).join('\n') + '\n');
  const full = JSON.parse(cli('dram', '--trace', f, '--format', 'dramsim3', '--json').stdout);
  assert.equal(full.writes, 100);
  assert.equal(full.stoppedAtCycleBudget, null);
  const cut = JSON.parse(cli('dram', '--trace', f, '--format', 'dramsim3', '--json', '--cycles', '1000').stdout);
  assert.equal(cut.cycles, 1000);
  assert.equal(cut.stoppedAtCycleBudget, 1000);
  assert.ok(cut.requests < full.requests && cut.requests > 50, `${cut.requests} served in 1000 cycles (one every 10)`);
  const ct = join(dir, 'cmds.txt');
  const r = cli('dram', '--trace', f, '--format', 'dramsim3', '--json', '--command-trace', ct);
  assert.equal(r.status, 0, r.stderr);
  const lines = readFileSync(ct, 'utf8').trim().split('\n');
  const j = JSON.parse(r.stdout);
  assert.equal(
    lines.length - 1,
    Object.values(j.commands as Record<string, number>).reduce((a, b) => a + b, 0),
  );
  assert.match(lines[1], /^\d+ ACT 0 0 \d+ \d+ \d+ -$/);
  assert.equal(cli('dram', '--trace', f, '--format', 'dramsim3', '--command-trace', ct).status, 2, 'existing file without --force');
});

test('one-per-cycle front end: n requests at cycle 0 take at least n cycles; unlimited lets HBM2 go faster', () => {
  const f = join(dir, 'zero.trc');
  // 4096 sequential reads, all at cycle 0, over HBM2's 8 channels
  writeFileSync(f, Array.from({ length: 4096 }, (_, i) => `0x${(i * 32).toString(16)} READ 0`).join('\n') + '\n');
  const one = JSON.parse(cli('dram', '--trace', f, '--format', 'dramsim3', '--preset', 'HBM2-2Gbps', '--set', 'frontend=one-per-cycle', '--json').stdout);
  const many = JSON.parse(cli('dram', '--trace', f, '--format', 'dramsim3', '--preset', 'HBM2-2Gbps', '--json').stdout);
  assert.equal(one.frontend, 'one-per-cycle');
  assert.ok(one.cycles >= 4096, `${one.cycles} cycles`);
  assert.ok(many.cycles < one.cycles, `unlimited ${many.cycles} vs one-per-cycle ${one.cycles}`);
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
    'DDR3-1600-4Gb-x8',
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
