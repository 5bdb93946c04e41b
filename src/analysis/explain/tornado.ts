// The tornado: the rule's DRAM saving over the baseline under each alternative of each knob, the other
// knobs at the base config's values. A knob that is a stash or memory choice is set on both sides; an
// ASAP knob only changes the rule's side. The range is the smallest and largest saving seen.
import type { ConfigValue } from '../../arch/derive.ts';
import { residencyPolicyNames } from '../../arch/vocabulary.ts';
import { stashPolicyNames } from '../../trace/stash.ts';
import { tensorRoles } from '../../trace/schema.ts';
import type { ExplainRunner, Side } from './run.ts';

export interface TornadoPoint {
  value: string;
  /** (baseline − rule) / baseline × 100; negative = the rule costs more. */
  savingPct: number;
  baselineBytes: number;
  ruleBytes: number;
}

export interface TornadoKnob {
  knob: string;
  base: string;
  points: TornadoPoint[];
  min: number;
  max: number;
}

export interface Tornado {
  knobs: TornadoKnob[];
  min: number;
  max: number;
}

interface KnobSpec {
  knob: string;
  /** Alternatives: label, overrides for both sides, overrides for the rule side only, batch. */
  values: Array<{ value: string; both?: Record<string, ConfigValue>; ruleOnly?: Record<string, ConfigValue>; batch?: number }>;
}

const valueRoles = tensorRoles.filter((r) => r !== 'label' && r !== 'relu_mask' && r !== 'pool_index');

export function knobSpecs(runner: ExplainRunner): KnobSpec[] {
  const cfg = runner.base.config;
  const cap = cfg.buffer.capacity;
  const dtype = (t: string) => Object.fromEntries(valueRoles.map((r) => [`dtypes.${r}`, t]));
  return [
    { knob: 'stash', values: stashPolicyNames.map((p) => ({ value: p, both: { stash: p } })) },
    { knob: 'asap.shared_stash', values: ['full', 'pooled'].map((v) => ({ value: v, ruleOnly: { 'asap.shared_stash': v } })) },
    { knob: 'asap.feedback_update', values: ['own-momentum', 'delta', 'fixed'].map((v) => ({ value: v, ruleOnly: { 'asap.feedback_update': v } })) },
    { knob: 'asap.share_schedule', values: ['per-layer', 'grouped'].map((v) => ({ value: v, ruleOnly: { 'asap.share_schedule': v } })) },
    { knob: 'residency.fuse_adjacent', values: [true, false].map((v) => ({ value: String(v), both: { 'residency.fuse_adjacent': v } })) },
    { knob: 'buffer.replacement', values: residencyPolicyNames.map((v) => ({ value: v, both: { 'buffer.replacement': v } })) },
    {
      knob: 'buffer.capacity',
      values: [0.25, 0.5, 1, 2, 4].map((f) => ({
        value: `x${f}`,
        both: f === 1 ? ({} as Record<string, ConfigValue>) : { 'buffer.capacity': `${Math.round((cap * f) / 1024)} KiB` },
      })),
    },
    { knob: 'batch', values: [32, 128, 256].map((b) => ({ value: String(b), batch: b })) },
    { knob: 'dtype', values: ['fp32', 'bf16'].map((t) => ({ value: t, both: t === 'fp32' ? ({} as Record<string, ConfigValue>) : dtype(t) })) },
  ];
}

export function tornado(runner: ExplainRunner, baseline: Side, rule: Side, specs = knobSpecs(runner)): Tornado {
  const base = runner.base.config;
  const baseValue: Record<string, string> = {
    stash: base.stash,
    'asap.shared_stash': base.asap.shared_stash,
    'asap.feedback_update': base.asap.feedback_update,
    'asap.share_schedule': base.asap.share_schedule,
    'residency.fuse_adjacent': String(base.residency.fuse_adjacent),
    'buffer.replacement': base.buffer.replacement,
    'buffer.capacity': 'x1',
    batch: String(runner.workload.batch),
    dtype: 'fp32',
  };
  const knobs = specs.map((spec) => {
    const points = spec.values.map((v) => {
      const b = runner.run({ rule: baseline.rule, overrides: { ...baseline.overrides, ...v.both } }, v.batch);
      const r = runner.run({ rule: rule.rule, overrides: { ...rule.overrides, ...v.both, ...v.ruleOnly } }, v.batch);
      return { value: v.value, savingPct: savingPct(b.dramBytes, r.dramBytes), baselineBytes: b.dramBytes, ruleBytes: r.dramBytes };
    });
    const s = points.map((p) => p.savingPct);
    return { knob: spec.knob, base: baseValue[spec.knob] ?? '', points, min: Math.min(...s), max: Math.max(...s) };
  });
  return { knobs, min: Math.min(...knobs.map((k) => k.min)), max: Math.max(...knobs.map((k) => k.max)) };
}

export function savingPct(baseline: number, rule: number): number {
  return baseline > 0 ? ((baseline - rule) / baseline) * 100 : 0;
}
