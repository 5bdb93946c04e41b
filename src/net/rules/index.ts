import { as } from './as.ts';
import { asap } from './asap.ts';
import { bp } from './bp.ts';
import { dfa } from './dfa.ts';
import { fa } from './fa.ts';
import { kp } from './kp.ts';
import type { Rule, RuleName } from './rule.ts';

export type { Rule, RuleName } from './rule.ts';

export const rules: Record<RuleName, Rule> = { bp, fa, dfa, kp, as, asap };
export const ruleNames = Object.keys(rules) as RuleName[];

/** A rule with its sharing period: "asap" and "as" take k (2 or 4), written "asap:4"; others take none. */
export interface RuleChoice {
  rule: Rule;
  k: 2 | 4;
  /** Label used in tables and charts: "bp", "asap(k=2)". */
  label: string;
}

export function parseRuleChoice(text: string): RuleChoice {
  const m = /^([a-z]+)(?::k?=?(\d+)|\(k=(\d+)\))?$/.exec(text.trim().toLowerCase());
  const name = m?.[1] as RuleName | undefined;
  if (!m || !name || !(name in rules)) throw new Error(`unknown rule "${text}": expected one of ${ruleNames.join(', ')} (as and asap take k, e.g. asap:4)`);
  const rule = rules[name];
  const kText = m[2] ?? m[3];
  if (kText !== undefined && rule.layout !== 'asap') throw new Error(`rule "${text}": only as and asap take k`);
  const k = Number(kText ?? 2);
  if (k !== 2 && k !== 4) throw new Error(`rule "${text}": k must be 2 or 4, got ${k}`);
  return { rule, k, label: rule.layout === 'asap' ? `${name}(k=${k})` : name };
}
