import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { tensorBytes } from '../../src/trace/schema.ts';
import { allRules, trace } from '../helpers.ts';
import { stashPolicies } from '../../src/trace/stash.ts';

const models = ['convnet', 'resnet18', 'resnet18-noshortcut', 'resnet34'];
const schema = JSON.parse(readFileSync(new URL('../../src/trace/trace.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ strict: false }).compile(schema);

for (const model of models) {
  for (const rule of allRules) {
    test(`${model} ${rule}: trace lifetimes, bytes and schema hold`, () => {
      const input = model === 'convnet' && rule.startsWith('as') ? { inputShape: [1, 28, 28] as [number, number, number] } : {};
      const { header, events } = trace(model, rule, { ...input, stash: rule === 'fa' ? stashPolicies.pytorch : stashPolicies.compact });
      assert.ok(validate(header), JSON.stringify(validate.errors));
      const written = new Map<string, number>();
      const freed = new Map<string, number>();
      const persistentIds = new Set<string>();
      let phaseOrder = 0;
      const order = { forward: 0, backward: 1, update: 2 };
      for (const e of events) {
        assert.ok(validate(e), `event ${e.seq}: ${JSON.stringify(validate.errors)}`);
        assert.ok(order[e.phase] >= phaseOrder, `phases run forward, backward, update (event ${e.seq})`);
        phaseOrder = order[e.phase];
        for (const t of [...e.reads, ...e.writes]) {
          assert.equal(t.bytes, tensorBytes(t.shape, t.dtype), `${t.id}: bytes = product(shape) x element size`);
          if (t.persistent) persistentIds.add(t.id);
        }
        for (const r of e.reads) {
          if (r.persistent || r.role === 'input' || r.role === 'label' || (r.role === 'saved_activation' && r.id === 'input')) continue;
          assert.ok(written.has(r.id), `${r.id} read at ${e.seq} before any write`);
          assert.ok(!freed.has(r.id), `${r.id} read at ${e.seq} after it was freed at ${freed.get(r.id)}`);
        }
        for (const w of e.writes) {
          assert.ok(!freed.has(w.id), `${w.id} written after free`);
          if (!written.has(w.id)) written.set(w.id, e.seq);
        }
        for (const f of e.frees) {
          assert.ok(!persistentIds.has(f), `persistent ${f} freed`);
          freed.set(f, e.seq);
        }
      }
      // Every saved-for-backward tensor has a write in forward and a last read in backward.
      for (const e of events.filter((x) => x.phase === 'backward')) {
        for (const r of e.reads.filter((x) => x.role === 'saved_activation' || x.role === 'relu_mask' || x.role === 'pool_index' || x.role === 'bn_state')) {
          if (r.id === 'input') continue;
          const w = written.get(r.id);
          assert.ok(w !== undefined && events[w].phase === 'forward', `${r.id}: saved tensors are written in forward`);
          assert.ok(freed.get(r.id)! >= e.seq, `${r.id}: freed after its last read`);
        }
      }
    });
  }
}

test('every conv and linear of a BP step updates its weight and reads its own input', () => {
  const { events } = trace('resnet18', 'bp');
  const convs = events.filter((e) => e.op === 'conv2d' || e.op === 'linear');
  const updates = new Set(events.filter((e) => e.op === 'sgd.update').map((e) => e.reads[0].id));
  for (const c of convs) {
    assert.ok(updates.has(`${c.layer}.weight`), `${c.layer} updated`);
    const bw = events.find((e) => e.op.endsWith('backward_weight') && e.layer === c.layer)!;
    assert.equal(bw.reads[1].id, c.reads[0].id, `${c.layer} ΔW reads its own input`);
  }
});

test('ASAP reads B for errors and updates it; FA reads B and never writes it; BP never touches B', () => {
  const asap = trace('resnet18', 'asap').events;
  const fa = trace('resnet18', 'fa').events;
  const bp = trace('resnet18', 'bp').events;
  const touchesB = (evs: typeof bp, write: boolean) => evs.some((e) => (write ? e.writes : e.reads).some((t) => t.role === 'feedback_weight'));
  assert.ok(touchesB(asap, false) && touchesB(asap, true));
  assert.ok(touchesB(fa, false) && !touchesB(fa, true));
  assert.ok(!touchesB(bp, false) && !touchesB(bp, true));
});

test('DFA sends no error between layers: no backward-data op but the classifier, one projection per receiver', () => {
  const { events } = trace('convnet', 'dfa', { inputShape: [1, 28, 28] });
  assert.deepEqual(
    events.filter((e) => e.op.endsWith('backward_data')).map((e) => e.layer),
    [],
  );
  assert.equal(events.filter((e) => e.op === 'dfa.project').length, 5);
});

test('the ASAP stem conv is frozen: no weight gradient, its input never kept', () => {
  const { events } = trace('resnet18', 'asap');
  assert.ok(!events.some((e) => e.layer === 'conv1' && e.phase !== 'forward'));
  assert.ok(!events.some((e) => e.phase === 'backward' && e.reads.some((r) => r.id === 'input')));
});
