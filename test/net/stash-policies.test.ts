// Stash policies on the seed's convnet (MNIST, batch 2, width 1), every byte and recompute MAC derived by
// hand from the layer shapes, and the ASAP knobs' promises (pooled H·W/4, delta without B momentum).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shapeTrace } from '../../src/net/shape-trace.ts';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { defaultDtypes, stashPolicies } from '../../src/trace/stash.ts';
import { derivedOf, parseTensorId, partOf } from '../../src/net/tensor-id.ts';
import type { AsapKnobs, TraceEvent } from '../../src/trace/schema.ts';

const N = 2;
function trace(policy: string, rule = 'bp', model = 'convnet', asap?: AsapKnobs) {
  const stash = stashPolicies[policy];
  const cifar = model !== 'convnet';
  return shapeTrace({
    model,
    rule: parseRuleChoice(rule),
    batch: N,
    inputShape: cifar ? [3, 32, 32] : [1, 28, 28],
    classes: 10,
    width: 1,
    stash,
    dtypes: defaultDtypes(stash),
    asap,
  });
}

/** Bytes of the non-persistent values the forward pass (or the step's input) leaves for backward ops. */
function stashBytes(events: TraceEvent[]): number {
  const forward = new Set(['input']);
  for (const e of events) if (e.phase === 'forward') for (const w of e.writes) forward.add(w.id);
  const kept = new Map<string, number>();
  for (const e of events) if (e.phase === 'backward') for (const r of e.reads) if (!r.persistent && forward.has(r.id)) kept.set(r.id, r.bytes);
  return [...kept.values()].reduce((a, b) => a + b, 0);
}

const recomputeMacs = (events: TraceEvent[]) => events.filter((e) => e.phase === 'backward' && !e.op.includes('.')).reduce((a, e) => a + e.dims.macs, 0);

// Shapes by hand: conv 5x5 pad 2 keeps H, W; 2x2 ceil-mode pools halve (7 -> 4).
const E = [N * 64 * 28 * 28, N * 128 * 14 * 14, N * 256 * 7 * 7]; // conv outputs = BN inputs = ReLU sizes
const P = [N * 64 * 14 * 14, N * 128 * 7 * 7, N * 256 * 4 * 4]; // pool outputs
const F = N * 1024;
const f32 = (n: number) => 4 * n;
const input = f32(N * 784);
const bnInputs = f32(E[0] + E[1] + E[2] + F + F + N * 10);
const stats = f32(2 * (64 + 128 + 256 + 1024 + 1024 + 10));
const probs = f32(N * 10);
const poolOuts = f32(P[0] + P[1] + P[2]);
const masks = [...E, F, F].reduce((a, n) => a + Math.ceil(n / 8), 0);
const argmax8 = P[0] + P[1] + P[2];

test('compact: every ReLU backward reads a 1-bit mask, for BP too (no fp32 ReLU output serves as a mask)', () => {
  for (const model of ['convnet', 'resnet18'])
    for (const rule of ['bp', 'asap:2']) {
      const relus = trace('compact', rule, model).events.filter((e) => e.op === 'relu.backward');
      assert.ok(relus.length > 0);
      for (const e of relus) assert.deepEqual([e.reads[1].role, e.reads[1].dtype], ['relu_mask', 'bit'], `${model} ${rule} ${e.layer}`);
    }
});

test('convnet BP stash bytes and recompute MACs, each policy, derived by hand', () => {
  const cases: Record<string, [number, number]> = {
    // conv inputs (input, pool outputs), FC inputs (pool3 = fc1 in, two FC ReLU outputs), BN inputs + stats, masks, int8 argmax, softmax
    compact: [input + poolOuts + f32(2 * F) + bnInputs + stats + masks + argmax8 + probs, 0],
    // ReLU outputs in fp32 (the FC ones are the next FC's inputs, stored once), pool inputs = conv ReLU outputs, int64 argmax
    pytorch: [input + poolOuts + f32(E[0] + E[1] + E[2] + 2 * F) + bnInputs + stats + 8 * argmax8 + probs, 0],
    // conv/linear outputs, input, stats, softmax; BN-apply (2/elem), ReLU (1) and pool (1 per input) re-run per conv block, BN + ReLU per hidden FC
    recompute: [input + bnInputs + stats + probs, 4 * (E[0] + E[1] + E[2]) + 6 * F],
    // BN outputs instead of inputs (same sizes), no masks (the BN output's sign), pool outputs and int8 argmax; the FC ReLUs re-run (1/elem)
    'inplace-abn': [input + poolOuts + bnInputs + stats + argmax8 + probs, 2 * F],
    // block inputs only (input, pool outputs, FC ReLU outputs) + softmax; every block re-runs its convs/linears,
    // BN (statistics included) and, in the conv blocks, ReLU and pool; an FC ReLU's output is its block's
    // output (stored), so it does not re-run and serves as its own mask
    checkpoint: [
      input + poolOuts + f32(2 * F) + probs,
      N * (64 * 784 * 1 * 25 + 128 * 196 * 64 * 25 + 256 * 49 * 128 * 25 + 4096 * 1024 + 1024 * 1024 + 1024 * 10) +
        4 * (E[0] + E[1] + E[2]) +
        4 * F +
        2 * N * 10,
    ],
  };
  for (const [policy, [bytes, macs]] of Object.entries(cases)) {
    const t = trace(policy);
    assert.equal(stashBytes(t.events), bytes, `${policy} stash bytes`);
    assert.equal(recomputeMacs(t.events), macs, `${policy} recompute MACs`);
  }
});

test('shared_stash pooled stores H·W/4 of a shared activation whose consumers all pool by 2 (ResNet-18 ASAP)', () => {
  for (const rule of ['asap:2', 'asap:4']) {
    const t = trace('compact', rule, 'resnet18', { sharedStash: 'pooled', feedbackUpdate: 'own-momentum', shareSchedule: 'per-layer' });
    const pooled = t.events.filter((e) => e.phase === 'forward' && derivedOf(e.writes[0].id)?.part === 'pooled');
    assert.ok(pooled.length > 0, rule);
    for (const e of pooled) {
      const [n, c, h, w] = e.reads[0].shape;
      assert.deepEqual(e.writes[0].shape, [n, c, h / 2, w / 2]);
      assert.equal(e.writes[0].bytes, (4 * n * c * h * w) / 4);
      // the full-size shared activation is no longer read by any backward op
      assert.ok(!t.events.some((b) => b.phase === 'backward' && b.reads.some((r) => r.id === e.reads[0].id)));
    }
  }
});

test('feedback_update delta: no B momentum exists or moves; B is written by the weight update', () => {
  for (const model of ['convnet', 'resnet18']) {
    const t = trace('compact', 'asap:2', model, { sharedStash: 'full', feedbackUpdate: 'delta', shareSchedule: 'per-layer' });
    const state = t.events.flatMap((e) => [...e.reads, ...e.writes]).filter((r) => r.role === 'optimizer_state');
    assert.ok(state.length > 0);
    for (const r of state) assert.notEqual(partOf(derivedOf(r.id)!.of)?.part, 'feedback', r.id);
    const writesB = t.events.filter((e) => e.op === 'sgd.update' && e.writes.some((w) => w.role === 'feedback_weight'));
    assert.ok(writesB.length > 0);
    for (const e of writesB) assert.equal(e.reads.filter((r) => r.role === 'weight_gradient').length, 1, 'ΔW read once');
    const official = trace('compact', 'asap:2', model);
    assert.ok(official.events.some((e) => e.reads.some((r) => r.role === 'optimizer_state' && partOf(derivedOf(r.id)!.of)?.part === 'feedback')));
  }
});

test('tensor ids round-trip through the one parser', () => {
  for (const id of [
    'conv1.weight.momentum',
    'layer1.0.conv1.feedback',
    'd:layer1.0.relu2.out@layer1.1.conv1',
    'd:fc.out',
    'r:bn1.out',
    'bn1.batch_stats',
    'relu1.out.pooled',
    'input',
  ])
    assert.equal(parseTensorId(id).kind === 'graph' ? id : id, id);
  assert.deepEqual(parseTensorId('d:layer1.0.relu2.out@layer1.1.conv1'), { kind: 'error', of: 'layer1.0.relu2.out', by: 'layer1.1.conv1' });
  assert.deepEqual(partOf('fc1.bn.running_stats'), { layer: 'fc1.bn', part: 'running_stats' });
  assert.deepEqual(derivedOf('layer2.0.conv1.feedback.momentum'), { of: 'layer2.0.conv1.feedback', part: 'momentum' });
});

test('share_schedule grouped: ΔW ops reading one shared activation run back to back while half the buffer holds their errors', () => {
  const knobs: AsapKnobs = { sharedStash: 'full', feedbackUpdate: 'own-momentum', shareSchedule: 'grouped' };
  const stash = stashPolicies.compact;
  const build = (budget: number) =>
    shapeTrace({
      model: 'resnet18',
      rule: parseRuleChoice('asap:2'),
      batch: N,
      inputShape: [3, 32, 32],
      classes: 10,
      width: 0.25,
      stash,
      dtypes: defaultDtypes(stash),
      asap: knobs,
      groupBudgetBytes: budget,
    }).events;
  const sharedOf = (e: TraceEvent) => (e.reads[1].role === 'other' ? undefined : e.reads[1].id);
  const grads = (events: TraceEvent[]) => events.filter((e) => e.op === 'conv2d.backward_weight' || e.op === 'share.match');
  // Unbounded: each group's members are adjacent among the ΔW ops (share.match feeds the op after it).
  const unbounded = grads(build(Infinity)).filter((e) => e.op === 'conv2d.backward_weight');
  const key = (e: TraceEvent, all: TraceEvent[]) => {
    const m = all.find((x) => x.op === 'share.match' && x.writes[0].id === e.reads[1].id);
    return m ? m.reads[0].id : sharedOf(e);
  };
  const all = build(Infinity);
  const keys = unbounded.map((e) => key(e, all));
  for (let i = 0; i < keys.length; i++)
    for (let j = i + 2; j < keys.length; j++) if (keys[i] === keys[j]) assert.equal(keys[i + 1], keys[i], `group ${keys[i]} split at ${i}`);
  // No room: the per-layer order.
  const none = build(0).map((e) => `${e.op} ${e.layer}`);
  const perLayer = shapeTrace({
    model: 'resnet18',
    rule: parseRuleChoice('asap:2'),
    batch: N,
    inputShape: [3, 32, 32],
    classes: 10,
    width: 0.25,
    stash,
    dtypes: defaultDtypes(stash),
  }).events.map((e) => `${e.op} ${e.layer}`);
  assert.deepEqual(none, perLayer);
});
