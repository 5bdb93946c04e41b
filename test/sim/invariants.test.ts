// Invariants of the per-op memory model, on every model × rule × shipped config (small batch and width, so
// the replays stay fast) and on random capacities (fast-check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadArch } from '../../src/arch/loader.ts';
import type { ArchConfig } from '../../src/arch/schema.ts';
import { residencyPolicyNames, type ResidencyPolicyName } from '../../src/arch/vocabulary.ts';
import { AnalyticDram } from '../../src/dram/analytic.ts';
import { replaySync } from '../../src/sim/replay.ts';
import { dramTotal, dramWrite, type ReplayResult } from '../../src/sim/stats.ts';
import type { TraceEvent } from '../../src/trace/schema.ts';
import { allRules, trace } from '../helpers.ts';

const configs = ['edge', 'edge-layerwise', 'mid', 'datacenter'].map((n) => loadArch(new URL(`../../arch-configs/${n}.yaml`, import.meta.url).pathname));
const models = ['convnet', 'resnet18', 'resnet18-noshortcut', 'resnet34'];

const traces = new Map<string, ReturnType<typeof trace>>();
function stepOf(model: string, rule: string) {
  const key = `${model}/${rule}`;
  if (!traces.has(key)) traces.set(key, trace(model, rule, { batch: 2, width: 0.25 }));
  return traces.get(key)!;
}

function run(model: string, rule: string, arch: ArchConfig): { r: ReplayResult; events: TraceEvent[] } {
  const t = stepOf(model, rule);
  return { r: replaySync({ header: t.header, arch, archHash: 'test', dram: new AnalyticDram(25.6, 100, 4e-12) }, t.events), events: t.events };
}

const withBuffer = (a: ArchConfig, capacity: number, replacement: ResidencyPolicyName = a.buffer.replacement): ArchConfig => ({
  ...a,
  buffer: { ...a.buffer, capacity, replacement },
});

test('per op: every operand is touched whole, a forwarded tensor is served on chip for at most one pass, bytes are conserved', () => {
  for (const c of configs)
    for (const model of models)
      for (const rule of allRules) {
        const { r, events } = run(model, rule, c.config);
        r.ops.forEach((op, i) => {
          const e = events[i];
          // A kernel smaller than its stride skips pixels (a strided 1×1 conv): its input is not touched whole.
          const skips = (e.dims.R ?? 1) < (e.dims.stride ?? 1);
          for (const t of op.tensors) {
            const where = `${c.config.name} ${model} ${rule} op ${i} ${e.op} ${e.layer} ${t.tensor}`;
            assert.ok(t.forwardedRead <= t.bytes, `${where}: ${t.forwardedRead} B forwarded > ${t.bytes} B`);
            const isMatchedRead = e.op === 'conv2d.backward_weight' && !e.reads.some((x) => x.id === t.tensor);
            if (t.use === 'read' && !skips && !isMatchedRead)
              assert.ok(t.dramRead + t.onChipRead >= t.bytes, `${where}: ${t.dramRead}+${t.onChipRead} < ${t.bytes}`);
          }
        });
        for (const t of [r.totals, ...Object.values(r.byRole)]) {
          assert.equal(t!.requestedRead, t!.onChipRead + t!.dramRead);
          assert.equal(t!.requestedWrite, t!.onChipWrite + t!.dramDirectWrite);
        }
      }
});

/** Compulsory traffic: each persistent tensor (and the input batch, the labels) read once before it is written, each written persistent tensor written back once. */
function compulsory(events: TraceEvent[]): { read: number; write: number } {
  const read = new Map<string, number>();
  const written = new Map<string, number>();
  for (const e of events) {
    for (const t of e.reads) if ((t.persistent || t.id === 'input' || t.role === 'label') && !written.has(t.id)) read.set(t.id, t.bytes);
    for (const t of e.writes) if (t.persistent) written.set(t.id, t.bytes);
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return { read: sum(read), write: sum(written) };
}

test('a buffer larger than the step moves only the compulsory traffic, under every policy and config', () => {
  for (const c of configs)
    for (const policy of residencyPolicyNames)
      for (const [model, rule] of [
        ['resnet18', 'bp'],
        ['resnet18', 'asap'],
        ['convnet', 'dfa'],
      ]) {
        const { r, events } = run(model, rule, withBuffer(c.config, 1 << 30, policy));
        const want = compulsory(events);
        assert.equal(r.totals.dramRead, want.read, `${c.config.name} ${policy} ${model} ${rule} reads`);
        assert.equal(dramWrite(r.totals), want.write, `${c.config.name} ${policy} ${model} ${rule} writes`);
      }
});

test('next-use never moves more DRAM bytes than LRU (every model, rule and config)', () => {
  for (const c of configs)
    for (const model of models)
      for (const rule of allRules) {
        const lru = dramTotal(run(model, rule, withBuffer(c.config, 64 * 1024, 'lru')).r.totals);
        const next = dramTotal(run(model, rule, withBuffer(c.config, 64 * 1024, 'next-use')).r.totals);
        assert.ok(next <= lru, `${c.config.name} ${model} ${rule}: next-use ${next} > LRU ${lru}`);
      }
});

test('DRAM traffic never rises with capacity: LRU and next-use, random capacities (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 8, max: 2048 }),
      fc.integer({ min: 8, max: 2048 }),
      fc.constantFrom<ResidencyPolicyName>('lru', 'next-use'),
      fc.constantFrom(...configs),
      fc.constantFrom('bp', 'asap'),
      (a, b, policy, c, rule) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const block = c.config.buffer.block;
        const small = dramTotal(run('resnet18', rule, withBuffer(c.config, lo * block, policy)).r.totals);
        const large = dramTotal(run('resnet18', rule, withBuffer(c.config, hi * block, policy)).r.totals);
        return large <= small;
      },
    ),
    { numRuns: 25 },
  );
});
