// explain's waterfall is exact by construction: for every shipped config and every rule against BP (a
// small convnet step, for speed), the bars sum to the rule's DRAM bytes minus the baseline's, in bytes,
// and both ends equal what a direct run of each side gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadArch } from '../../src/arch/loader.ts';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { ExplainRunner, type ExplainWorkload } from '../../src/analysis/explain/run.ts';
import { waterfall } from '../../src/analysis/explain/waterfall.ts';
import { tornado, knobSpecs } from '../../src/analysis/explain/tornado.ts';
import { shapeTrace } from '../../src/net/shape-trace.ts';
import { replaySync } from '../../src/sim/replay.ts';
import { createDramFor } from '../../src/sim/dram-for-arch.ts';
import { dramTotal } from '../../src/sim/stats.ts';
import { getStashPolicy } from '../../src/trace/stash.ts';
import { asapKnobsOf } from '../../src/analysis/knobs.ts';
import type { ConfigValue } from '../../src/arch/derive.ts';

const configs = readdirSync('arch-configs').filter((f) => f.endsWith('.yaml'));
const small: ExplainWorkload = { model: 'convnet', batch: 4, inputShape: [1, 28, 28], classes: 10, width: 0.25 };
const rules = ['fa', 'dfa', 'kp', 'as', 'as:4', 'asap', 'asap:4', 'asap:2+bp-classifier'];

test('waterfall bars sum exactly to the DRAM difference, every shipped config and rule against BP', () => {
  assert.ok(configs.length >= 4);
  for (const file of configs) {
    const arch = loadArch(join('arch-configs', file));
    const runner = new ExplainRunner(arch, small);
    for (const r of rules) {
      const variants: Record<string, ConfigValue>[] = [
        {},
        { stash: 'checkpoint', 'asap.shared_stash': 'pooled', 'asap.feedback_update': 'delta', 'asap.share_schedule': 'grouped' },
      ];
      for (const overrides of variants) {
        const w = waterfall(runner, { rule: parseRuleChoice('bp'), overrides: {} }, { rule: parseRuleChoice(r), overrides });
        const sum = w.bars.reduce((a, b) => a + b.bytes, 0);
        assert.equal(sum, w.ruleBytes - w.baselineBytes, `${file} ${r} ${JSON.stringify(overrides)}`);
        assert.ok(Number.isInteger(sum));
      }
    }
    // The chain's ends are the sides themselves: the rule's end equals a plain replay of the rule.
    const rule = parseRuleChoice('asap:2');
    const c = arch.config;
    const stash = getStashPolicy(c.stash);
    const t = shapeTrace({ ...small, rule, stash, dtypes: c.dtypes, asap: asapKnobsOf(c), groupBudgetBytes: c.buffer.capacity });
    const direct = replaySync({ header: t.header, arch: c, archHash: arch.hash, dram: createDramFor(c) }, t.events);
    assert.equal(waterfall(runner, { rule: parseRuleChoice('bp'), overrides: {} }, { rule, overrides: {} }).ruleBytes, dramTotal(direct.totals), file);
  }
});

test('tornado: every knob alternative is a pair of runs; the range spans the points', () => {
  const runner = new ExplainRunner(loadArch('arch-configs/edge.yaml'), small);
  const t = tornado(runner, { rule: parseRuleChoice('bp'), overrides: {} }, { rule: parseRuleChoice('asap:2'), overrides: {} });
  assert.equal(t.knobs.length, knobSpecs(runner).length);
  for (const k of t.knobs) {
    for (const p of k.points) assert.equal(p.savingPct, ((p.baselineBytes - p.ruleBytes) / p.baselineBytes) * 100);
    assert.equal(k.min, Math.min(...k.points.map((p) => p.savingPct)));
  }
  assert.equal(t.min, Math.min(...t.knobs.map((k) => k.min)));
  // The ASAP knobs leave BP alone: its bytes are one number across their alternatives.
  for (const k of t.knobs.filter((k) => k.knob.startsWith('asap.'))) assert.equal(new Set(k.points.map((p) => p.baselineBytes)).size, 1);
});
