// Issue 11's must-show ops, redone by hand: ResNet-18, CIFAR, batch 128, edge.yaml. Each expected DRAM byte
// count is computed here from the tensors' shapes and the mapping the replay printed (loop order and tile
// sizes), with the textbook two-level reuse rule (Timeloop's): a data space is fetched once per sweep of
// the loops relevant to it, times the trip counts of the irrelevant loops outside its innermost relevant
// loop. The replay's numbers come from its ops rows; they must agree within 1%.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadArch } from '../../src/arch/loader.ts';
import type { ArchConfig } from '../../src/arch/schema.ts';
import { AnalyticDram } from '../../src/dram/analytic.ts';
import { replaySync } from '../../src/sim/replay.ts';
import type { OpStats, ReplayResult, TensorRow } from '../../src/sim/stats.ts';
import type { TraceEvent } from '../../src/trace/schema.ts';
import { trace } from '../helpers.ts';

const edge = loadArch(new URL('../../arch-configs/edge.yaml', import.meta.url).pathname);
const MiB = 2 ** 20;

function replay(rule: string, change: (a: ArchConfig) => ArchConfig = (a) => a) {
  const t = trace('resnet18', rule, { batch: 128, width: 1 });
  const r = replaySync({ header: t.header, arch: change(edge.config), archHash: edge.hash, dram: new AnalyticDram(25.6, 100, 4e-12) }, t.events);
  return { r, events: t.events };
}

const runs = new Map<string, ReturnType<typeof replay>>();
function cached(key: string, rule: string, change?: (a: ArchConfig) => ArchConfig) {
  if (!runs.has(key)) runs.set(key, replay(rule, change));
  return runs.get(key)!;
}

function opOf(run: ReturnType<typeof replay>, op: string, layer: string): { stats: OpStats; event: TraceEvent } {
  const i = run.events.findIndex((e) => e.op === op && e.layer === layer);
  assert.ok(i >= 0, `${op} ${layer} in the trace`);
  return { stats: run.r.ops[i], event: run.events[i] };
}

const row = (s: OpStats, id: string): TensorRow => {
  const r = s.tensors.find((t) => t.tensor === id);
  assert.ok(r, `row for ${id} in op ${s.index}`);
  return r;
};

/** All DRAM writes of a tensor over the step (its write-backs may happen during later ops). */
function stepWrites(r: ReplayResult, id: string): number {
  let n = 0;
  for (const op of [...r.ops, r.drain]) for (const t of op.tensors) if (t.tensor === id) n += t.dramWrite;
  return n;
}

interface Nest {
  order: string[];
  tiles: Record<string, number>;
}

function parseMapping(text: string): Nest {
  const order = /order (\S+)/.exec(text)![1].split('>');
  const tiles: Record<string, number> = {};
  for (const m of text.matchAll(/\b([A-Z])(\d+)\b/g)) tiles[m[1]] = Number(m[2]);
  return { order, tiles };
}

/** Fetches of a data space = one sweep's bytes × trips of the irrelevant loops outside its innermost relevant one. */
function refetch(nest: Nest, extent: Record<string, number>, relevant: string[]): number {
  const trips = (d: string) => Math.ceil(extent[d] / nest.tiles[d]);
  const live = nest.order.filter((d) => trips(d) > 1);
  const inner = live.reduce((m, d, i) => (relevant.includes(d) ? i : m), -1);
  return live.slice(0, Math.max(0, inner)).reduce((m, d) => (relevant.includes(d) ? m : m * trips(d)), 1);
}

const within = (actual: number, expected: number, what: string) => {
  if (process.env.SHOW_BYTES) console.log(`${what}: replay ${actual} by hand ${expected}`);
  assert.ok(Math.abs(actual - expected) <= 0.01 * expected, `${what}: replay ${(actual / MiB).toFixed(3)} MiB, by hand ${(expected / MiB).toFixed(3)} MiB`);
};

// Conv dims of layer2.x's 3×3 convs: N128, C=K=128, 16×16, 3×3, stride 1, padding 1 (fp32).
const conv = { N: 128, K: 128, C: 128, P: 16, Q: 16 };
const act = 128 * 128 * 16 * 16 * 4; // 16 MiB
const weight = 128 * 128 * 3 * 3 * 4; // 576 KiB

test('3×3 conv forward whose input arrives forwarded (ASAP layer2.0.conv2): one pass on chip, the others spilled', () => {
  const run = cached('asap', 'asap');
  const { stats, event } = opOf(run, 'conv2d', 'layer2.0.conv2');
  const [x, w] = event.reads;
  const y = event.writes[0];
  assert.equal(x.bytes, act);
  const nest = parseMapping(stats.mapping);
  // P and Q tiles span the image here, so a sweep of X is X itself (no halo re-reads).
  assert.equal(nest.tiles.P * nest.tiles.Q, 256, stats.mapping);
  const passesX = refetch(nest, conv, ['N', 'C', 'P', 'Q']);
  const passesW = refetch(nest, conv, ['K', 'C']);
  // Pass 1 forwarded on chip; passes 2.. re-read the copy the producer (relu1) spilled, written once.
  const expected = (passesX - 1) * act + (passesX > 1 ? act : 0) + passesW * weight + y.bytes;
  const actual = row(stats, x.id).dramRead + stepWrites(run.r, x.id) + row(stats, w.id).dramRead + stepWrites(run.r, y.id);
  within(actual, expected, `conv forward, ${stats.mapping}`);
  assert.ok(row(stats, x.id).onChipRead <= act, 'at most one forwarded pass on chip');
  assert.match(row(stats, x.id).served, /forwarded/);
});

for (const rule of ['bp', 'asap']) {
  test(`the same conv's weight gradient under ${rule} (${rule === 'bp' ? 'its own input' : 'the shared activation'})`, () => {
    const run = cached(rule, rule);
    const { stats, event } = opOf(run, 'conv2d.backward_weight', 'layer2.0.conv2');
    const [dy, x] = event.reads;
    const dw = event.writes[0];
    const nest = parseMapping(stats.mapping);
    assert.equal(nest.tiles.P * nest.tiles.Q, 256, stats.mapping);
    const passesX = refetch(nest, conv, ['N', 'C', 'P', 'Q']);
    const passesDy = refetch(nest, conv, ['N', 'K', 'P', 'Q']);
    const passesDw = refetch(nest, conv, ['K', 'C']);
    // dY comes from BN backward, the op just before: forwarded for one pass (it is kept for backward-data,
    // so its copy is written through by its producer and is not this op's traffic).
    const dyForwarded = /forwarded/.test(row(stats, dy.id).served);
    const xBytes = rule === 'bp' ? act : x.bytes; // ASAP reads the shared activation (layer1's block output)
    const expected = passesX * xBytes + (passesDy - (dyForwarded ? 1 : 0)) * dy.bytes + (2 * passesDw - 1) * dw.bytes;
    const actual = row(stats, x.id).dramRead + row(stats, dy.id).dramRead + row(stats, dw.id).dramRead + stepWrites(run.r, dw.id);
    within(actual, expected, `${rule} weight gradient, ${stats.mapping}`);
  });
}

test('strided 1×1 shortcut (BP layer2.0.shortcut): reads only the pixels it uses', () => {
  const run = cached('bp', 'bp');
  const { stats, event } = opOf(run, 'conv2d', 'layer2.0.shortcut');
  const [x, w] = event.reads;
  const y = event.writes[0];
  assert.equal(x.bytes, 128 * 64 * 32 * 32 * 4);
  const nest = parseMapping(stats.mapping);
  const dims = { N: 128, K: 128, C: 64, P: 16, Q: 16 };
  // Stride 2, kernel 1: output row p reads input row 2p only, so one sweep reads N·C·16·16 elements.
  const used = 128 * 64 * 16 * 16 * 4;
  const expected = refetch(nest, dims, ['N', 'C', 'P', 'Q']) * used + refetch(nest, dims, ['K', 'C']) * w.bytes + y.bytes;
  const actual = row(stats, x.id).dramRead + row(stats, w.id).dramRead + stepWrites(run.r, y.id);
  within(actual, expected, `shortcut, ${stats.mapping}`);
});

for (const epilogue of [true, false]) {
  test(`BN forward ${epilogue ? 'with' : 'without'} the conv-epilogue statistics: input read ${epilogue ? 'once' : 'twice'}`, () => {
    const key = epilogue ? 'bp' : 'bp-separate';
    const run = cached(key, 'bp', (a) => ({ ...a, fusion: { ...a.fusion, bn_statistics: epilogue ? 'epilogue' : 'separate-pass' } }));
    const { stats, event } = opOf(run, 'batchnorm', 'layer2.0.bn2');
    const x = event.reads[0];
    const small = event.reads.slice(1).reduce((a, t) => a + t.bytes, 0);
    // Y goes to relu? No: layer2.0.bn2's output feeds the residual add two ops later, so it is stored once.
    const y = event.writes[0];
    const expected = (epilogue ? 1 : 2) * act + small + y.bytes;
    const actual = event.reads.reduce((a, t) => a + row(stats, t.id).dramRead, 0) + stepWrites(run.r, y.id);
    within(actual, expected, `BN forward (${epilogue ? 'epilogue' : 'separate pass'})`);
  });
}

test('BN backward after a forwarded ReLU backward (BP layer2.0.bn1): dY forwarded for the first pass, spilled for the second', () => {
  const run = cached('bp', 'bp');
  const { stats, event } = opOf(run, 'batchnorm.backward', 'layer2.0.bn1');
  const [dy, x] = event.reads;
  const dx = event.writes[0];
  const producer = opOf(run, 'relu.backward', 'layer2.0.relu1');
  assert.equal(producer.event.writes[0].id, dy.id, 'dY is the ReLU backward output');
  // dY: pass 1 on chip, pass 2 from the copy ReLU backward spilled (written once); X (conv1.out): two passes
  // from DRAM; dX: written once (it feeds conv1's backward ops later).
  const small = event.reads.slice(2).reduce((a, t) => a + t.bytes, 0);
  const expected = act + act + 2 * act + small + dx.bytes;
  const actual =
    row(stats, dy.id).dramRead + stepWrites(run.r, dy.id) + event.reads.slice(1).reduce((a, t) => a + row(stats, t.id).dramRead, 0) + stepWrites(run.r, dx.id);
  within(actual, expected, 'BN backward');
  assert.ok(row(stats, dy.id).onChipRead <= dy.bytes, 'one forwarded pass');
  assert.match(row(stats, dy.id).served, /forwarded/);
  assert.match(row(stats, dy.id).served, /spilled/);
});

test('recompute instead of spill: the conv forward re-runs ReLU and BN apply per further pass, re-reading the stored BN input', () => {
  const run = cached('asap-recompute', 'asap', (a) => ({ ...a, fusion: { ...a.fusion, extra_passes: 'recompute' } }));
  const { stats, event } = opOf(run, 'conv2d', 'layer2.0.conv2');
  const [x, w] = event.reads;
  const y = event.writes[0];
  const passesX = refetch(parseMapping(stats.mapping), conv, ['N', 'C', 'P', 'Q']);
  assert.ok(passesX > 1, stats.mapping);
  // relu1 <- bn1.out (forwarded) <- bn1 reads conv1.out (stored, 16 MiB) and its parameters: each further
  // pass re-reads conv1.out; nothing of X is ever written.
  const bnInput = opOf(run, 'batchnorm', 'layer2.0.bn1').event.reads;
  const rerun = bnInput.reduce((a, t) => a + t.bytes, 0);
  const expected = (passesX - 1) * rerun + refetch(parseMapping(stats.mapping), conv, ['K', 'C']) * w.bytes + y.bytes;
  const actual = stats.tensors.filter((t) => t.tensor !== y.id).reduce((a, t) => a + t.dramRead, 0) + stepWrites(run.r, y.id);
  within(actual, expected, `recompute, ${stats.mapping}`);
  assert.equal(stepWrites(run.r, x.id), 0, 'the forwarded tensor is never written');
  assert.match(row(stats, x.id).served, /recomputed/);
});
