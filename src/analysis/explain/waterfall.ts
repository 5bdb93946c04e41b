// The waterfall: why a rule's DRAM bytes differ from the baseline's. A chain of real runs goes from the
// baseline side to the rule's side changing one thing at a time (the configuration, the layout, sharing
// activations, how the shared activation is stored, reading B, updating B, the ΔW schedule). Each step's
// difference is split by tensor role: the roles the step changes on purpose go to its cause's bar, the
// rest to "changed evictions of other tensors" (those tensors moved only because the buffer held something
// else). Every run's role bytes sum to its total, so the bars sum exactly to the total difference.
import type { RuleChoice } from '../../net/rules/index.ts';
import type { Rule } from '../../net/rules/rule.ts';
import type { TensorRole } from '../../trace/schema.ts';
import type { ConfigValue } from '../../arch/derive.ts';
import type { ExplainRunner, RunSummary, Side } from './run.ts';

export const EVICTIONS = 'changed evictions of other tensors';

export interface WaterfallBar {
  cause: string;
  bytes: number;
}

export interface WaterfallStep {
  /** What this run changes against the previous one. */
  change: string;
  label: string;
  dramBytes: number;
}

export interface Waterfall {
  baseline: string;
  rule: string;
  baselineBytes: number;
  ruleBytes: number;
  bars: WaterfallBar[];
  steps: WaterfallStep[];
}

// A value the rule stops stashing often still moves, as a plain activation (a forward tensor with several
// consumers spills either way): the stash bars count those roles together, so a role change is no saving.
const saved: TensorRole[] = ['saved_activation', 'bn_state', 'relu_mask', 'pool_index', 'activation', 'input'];

interface Link {
  change: string;
  side: Side;
  /** Bars the step's own roles go to; roles not named go to the evictions bar. */
  bars: Array<{ cause: string; roles: TensorRole[] | 'all' }>;
}

function variant(r: RuleChoice, patch: Partial<Rule>, label: string): RuleChoice {
  return { rule: { ...r.rule, ...patch }, k: r.k, label };
}

/** The chain of sides from the baseline's to the rule's, one change per link. */
export function waterfallChain(baseline: Side, rule: Side): Link[] {
  const R = rule.rule.rule;
  const asapKeys = (o: Record<string, ConfigValue>) => Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('asap.')));
  const nonAsap = Object.fromEntries(Object.entries(rule.overrides).filter(([k]) => !k.startsWith('asap.')));
  const knob = (key: string, official: ConfigValue) => rule.overrides[`asap.${key}`] ?? official;
  const withKnobs = (k: Record<string, ConfigValue>) => ({ ...nonAsap, ...k });
  const links: Link[] = [];
  const changedKeys = Object.keys({ ...baseline.overrides, ...nonAsap }).filter((k) => !k.startsWith('asap.') && baseline.overrides[k] !== nonAsap[k]);
  links.push({
    change: changedKeys.length ? `configuration: ${changedKeys.map((k) => `${k}=${nonAsap[k] ?? '(base)'}`).join(', ')}` : 'configuration (same)',
    side: { rule: baseline.rule, overrides: { ...nonAsap, ...asapKeys(baseline.overrides) } },
    bars: [{ cause: `stash policy and recompute (${changedKeys.join(', ') || 'none'})`, roles: 'all' }],
  });
  const bRule = baseline.rule.rule;
  if (R.layout !== bRule.layout || R.stem !== bRule.stem || R.classifier !== bRule.classifier)
    links.push({
      change: `layout ${R.layout}, stem ${R.stem}, classifier ${R.classifier}`,
      side: {
        rule: variant(rule.rule, { name: bRule.name, body: bRule.body, direct: bRule.direct }, `${bRule.name}@${R.name}-layout`),
        overrides: withKnobs({}),
      },
      bars: [{ cause: `layout (${R.layout} blocks, ${R.stem} stem, ${R.classifier} classifier)`, roles: 'all' }],
    });
  const sharing = R.body === 'as' || R.body === 'asap';
  if (sharing) {
    links.push({
      change: 'ΔW from shared activations (stored pooled where every consumer pools)',
      side: { rule: variant(rule.rule, { name: 'as', body: 'as' }, 'as(pooled)'), overrides: withKnobs({ 'asap.shared_stash': 'pooled' }) },
      bars: [{ cause: 'stash bytes not written/read', roles: saved }],
    });
    links.push({
      change: `shared activation stored ${knob('shared_stash', 'full')}`,
      side: { rule: variant(rule.rule, { name: 'as', body: 'as' }, 'as'), overrides: withKnobs({ 'asap.shared_stash': knob('shared_stash', 'full') }) },
      bars: [{ cause: 'larger shared activation', roles: saved }],
    });
  }
  const learnsB = R.body === 'asap' || R.body === 'kp';
  const readsB = learnsB || R.body === 'fa';
  const shared: Record<string, ConfigValue> = sharing ? { 'asap.shared_stash': knob('shared_stash', 'full') } : {};
  if (readsB) {
    links.push({
      change: 'error through B instead of W (B fixed)',
      side: { rule: variant(rule.rule, {}, `${R.name}(B fixed)`), overrides: withKnobs({ ...shared, 'asap.feedback_update': 'fixed' }) },
      bars: [
        { cause: 'B traffic', roles: ['feedback_weight', 'weight'] },
        { cause: 'stash bytes not written/read', roles: saved },
      ],
    });
  }
  if (learnsB)
    links.push({
      change: `B updated (${knob('feedback_update', 'own-momentum')})`,
      side: {
        rule: variant(rule.rule, {}, `${R.name}(B ${knob('feedback_update', 'own-momentum')})`),
        overrides: withKnobs({ ...shared, 'asap.feedback_update': knob('feedback_update', 'own-momentum') }),
      },
      bars: [
        { cause: 'B momentum', roles: ['optimizer_state'] },
        { cause: 'B traffic', roles: ['feedback_weight', 'weight_gradient', 'weight'] },
      ],
    });
  links.push({
    change: `the rule as configured (${
      Object.entries(asapKeys(rule.overrides))
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || 'official knobs'
    })`,
    side: rule,
    bars: [{ cause: R.name === 'dfa' ? 'direct feedback (DFA projections)' : 'grouped ΔW schedule', roles: 'all' }],
  });
  return links;
}

export function waterfall(runner: ExplainRunner, baseline: Side, rule: Side): Waterfall {
  const bars = new Map<string, number>();
  const add = (cause: string, bytes: number) => bars.set(cause, (bars.get(cause) ?? 0) + bytes);
  const first = runner.run(baseline);
  let prev: RunSummary = first;
  const steps: WaterfallStep[] = [{ change: 'baseline', label: first.label, dramBytes: first.dramBytes }];
  for (const link of waterfallChain(baseline, rule)) {
    const cur = runner.run(link.side);
    const owned = new Set<TensorRole>();
    for (const bar of link.bars) {
      const roles = bar.roles === 'all' ? (Object.keys(cur.byRole) as TensorRole[]) : bar.roles.filter((r) => !owned.has(r));
      roles.forEach((r) => owned.add(r));
      add(
        bar.cause,
        roles.reduce((a, r) => a + cur.byRole[r] - prev.byRole[r], 0),
      );
    }
    const rest = (Object.keys(cur.byRole) as TensorRole[]).filter((r) => !owned.has(r));
    add(
      EVICTIONS,
      rest.reduce((a, r) => a + cur.byRole[r] - prev.byRole[r], 0),
    );
    steps.push({ change: link.change, label: link.side.rule.label, dramBytes: cur.dramBytes });
    prev = cur;
  }
  const last = runner.run(rule);
  const ordered = [...bars].filter(([c, b]) => b !== 0 || c === EVICTIONS).sort(([a], [b]) => Number(a === EVICTIONS) - Number(b === EVICTIONS));
  return {
    baseline: first.label,
    rule: last.label,
    baselineBytes: first.dramBytes,
    ruleBytes: last.dramBytes,
    bars: ordered.map(([cause, bytes]) => ({ cause, bytes })),
    steps,
  };
}
