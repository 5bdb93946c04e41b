import { as } from './as.ts';
import { asap } from './asap.ts';
import { bp } from './bp.ts';
import { dfa } from './dfa.ts';
import { fa } from './fa.ts';
import { kp } from './kp.ts';
import type { Rule, RuleName } from './rule.ts';
import { hasOwn, own } from '../../util/lookup.ts';

export type { Rule, RuleName } from './rule.ts';

export const rules: Record<RuleName, Rule> = { bp, fa, dfa, kp, as, asap };
export const ruleNames = Object.keys(rules) as RuleName[];

/** A rule with its sharing period: "asap" and "as" take k (2 or 4), written "asap:4"; others take none. */
export interface RuleChoice {
  rule: Rule;
  k: 2 | 4;
  /** Label used in tables and charts: "bp", "asap(k=2)", "asap(k=2,bp-classifier)". */
  label: string;
}

/**
 * Layout switches, appended with "+": the official code's ASAP layouts freeze the first conv and train the
 * classifier by FA; "+bp-classifier" trains the FC layers by backpropagation instead, "+trained-stem" trains
 * the first conv (by FA under asap, by BP under as), to tell what each choice costs.
 */
const switches: Record<string, (r: Rule) => Rule> = {
  'bp-classifier': (r) => ({ ...r, classifier: 'bp' }),
  'trained-stem': (r) => ({ ...r, stem: r.body === 'as' ? 'bp' : r.body === 'asap' ? 'fa' : r.stem }),
};

/** Parses "asap", "asap:4", "asap:4+bp-classifier", and the labels it makes: "asap(k=4,bp-classifier)". */
export function parseRuleChoice(text: string): RuleChoice {
  const trimmed = text.trim().toLowerCase();
  const label = /^([a-z]+)\(([^()]*)\)$/.exec(trimmed);
  const [head, ...mods] = label ? [label[1], ...label[2].split(',').filter((p) => !p.startsWith('k='))] : trimmed.split('+');
  const kParam = label?.[2].split(',').find((p) => p.startsWith('k='));
  const m = /^([a-z]+)(?::k?=?(\d+))?$/.exec(kParam ? `${head}:${kParam.slice(2)}` : head);
  const name = m?.[1] as RuleName | undefined;
  if (!m || !name || !hasOwn(rules, name))
    throw new Error(
      `unknown rule "${text}": expected one of ${ruleNames.join(', ')} (as and asap take k, e.g. asap:4; switches: +${Object.keys(switches).join(', +')})`,
    );
  let rule = rules[name];
  const kText = m[2];
  if (kText !== undefined && rule.layout !== 'asap') throw new Error(`rule "${text}": only as and asap take k`);
  const k = Number(kText ?? 2);
  if (k !== 2 && k !== 4) throw new Error(`rule "${text}": k must be 2 or 4, got ${k}`);
  for (const mod of mods) {
    const apply = own(switches, mod);
    if (!apply) throw new Error(`rule "${text}": unknown switch "+${mod}": expected +${Object.keys(switches).join(', +')}`);
    if (rule.layout !== 'asap') throw new Error(`rule "${text}": switch "+${mod}" applies to the ASAP layouts (as, asap) only`);
    rule = apply(rule);
  }
  const params = [...(rule.layout === 'asap' ? [`k=${k}`] : []), ...mods];
  return { rule, k, label: params.length ? `${name}(${params.join(',')})` : name };
}
