import { parseRuleChoice } from '../src/net/rules/index.ts';
import { shapeTrace, type TraceSpec } from '../src/net/shape-trace.ts';
import { stashPolicies } from '../src/trace/stash.ts';

export const allRules = ['bp', 'fa', 'dfa', 'kp', 'as', 'as:4', 'asap', 'asap:4'];

export function spec(model: string, rule: string, o: Partial<TraceSpec> = {}): TraceSpec {
  return { model, rule: parseRuleChoice(rule), batch: 4, inputShape: [3, 32, 32], classes: 10, width: 0.25, stash: stashPolicies.compact, ...o };
}

export function trace(model: string, rule: string, o: Partial<TraceSpec> = {}) {
  return shapeTrace(spec(model, rule, o));
}
