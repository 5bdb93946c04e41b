import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { trace } from '../helpers.ts';

test('rule text: k, labels and layout switches', () => {
  assert.equal(parseRuleChoice('asap').label, 'asap(k=2)');
  assert.equal(parseRuleChoice('asap:4').k, 4);
  assert.equal(parseRuleChoice('as(k=4)').label, 'as(k=4)');
  const c = parseRuleChoice('asap:4+bp-classifier+trained-stem');
  assert.equal(c.label, 'asap(k=4,bp-classifier,trained-stem)');
  assert.equal(c.rule.classifier, 'bp');
  assert.equal(c.rule.stem, 'fa');
  for (const text of ['bp', 'asap', 'as:4', 'asap:4+bp-classifier+trained-stem']) {
    const label = parseRuleChoice(text).label;
    assert.equal(parseRuleChoice(label).label, label, `${label} parses back to itself`);
  }
  assert.throws(() => parseRuleChoice('bp:4'), /only as and asap take k/);
  assert.throws(() => parseRuleChoice('asap:3'), /k must be 2 or 4/);
  assert.throws(() => parseRuleChoice('fa+bp-classifier'), /ASAP layouts/);
  assert.throws(() => parseRuleChoice('asap+fc'), /unknown switch "\+fc"/);
});

test('+bp-classifier reads W, not B, for the classifier; +trained-stem updates conv1', () => {
  const conv = trace('convnet', 'asap', { inputShape: [1, 28, 28] }).events;
  const bpfc = trace('convnet', 'asap+bp-classifier', { inputShape: [1, 28, 28] }).events;
  const fc2 = (evs: typeof conv) => evs.find((e) => e.op === 'linear.backward_data' && e.layer === 'fc2')!;
  assert.equal(fc2(conv).reads[1].role, 'feedback_weight');
  assert.equal(fc2(bpfc).reads[1].role, 'weight');
  const stem = trace('convnet', 'asap+trained-stem', { inputShape: [1, 28, 28] }).events;
  assert.ok(!conv.some((e) => e.layer === 'conv1' && e.op === 'sgd.update'));
  assert.ok(stem.some((e) => e.layer === 'conv1' && e.op === 'sgd.update'));
});
