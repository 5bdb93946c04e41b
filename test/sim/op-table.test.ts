// The op table (trace/ops.ts) against what the program emits: every op of every model × rule × stash policy
// × ASAP knob takes a number of reads and writes its row allows, and every matrix op's GEMM operands exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOperands, opTable } from '../../src/trace/ops.ts';
import { stashPolicies } from '../../src/trace/stash.ts';
import type { AsapKnobs } from '../../src/trace/schema.ts';
import { allRules, trace } from '../helpers.ts';

const knobs: AsapKnobs[] = [
  { sharedStash: 'full', feedbackUpdate: 'own-momentum', shareSchedule: 'per-layer' },
  { sharedStash: 'pooled', feedbackUpdate: 'delta', shareSchedule: 'grouped' },
  { sharedStash: 'full', feedbackUpdate: 'fixed', shareSchedule: 'per-layer' },
];

test('every emitted op fits its row of the op table', () => {
  let ops = 0;
  for (const model of ['convnet', 'resnet18', 'resnet18-noshortcut', 'resnet34'])
    for (const rule of allRules)
      for (const stash of Object.values(stashPolicies))
        for (const asap of knobs)
          for (const e of trace(model, rule, { stash, asap, groupBudgetBytes: 1 << 20 }).events) {
            checkOperands(e.op, e.reads.length, e.writes.length);
            const g = opTable[e.op].gemm;
            if (g) assert.ok(e.reads[g.A.read] && e.reads[g.B.read] && e.writes[g.C.write], `${e.op} ${e.layer}: GEMM operands`);
            ops++;
          }
  assert.ok(ops > 10000);
});
