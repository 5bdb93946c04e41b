// asapsim explain: for a rule against a baseline, the waterfall (why), the tornado (how much each choice
// moves it) and two named pairings side by side:
//   official: both sides as their official PyTorch code runs — autograd's stash (`pytorch`) on both, and
//     ASAP as its code builds it (full shared activation, B with its own momentum, per-layer ΔW);
//   hardware-tuned: each side's best defensible implementation — the stash policy with the fewest DRAM
//     bytes for that side (searched over all five), and each ASAP knob at the value the tornado found best
//     for this config (B `fixed` excluded: it is feedback alignment, not ASAP); the choices are printed.
import type { ConfigValue } from '../../arch/derive.ts';
import type { RuleChoice } from '../../net/rules/index.ts';
import { stashPolicyNames } from '../../trace/stash.ts';
import { ExplainRunner, type ExplainWorkload, type RunSummary, type Side } from './run.ts';
import { savingPct, tornado, type Tornado } from './tornado.ts';
import { waterfall, type Waterfall } from './waterfall.ts';
import { choicesOf, type Choice } from './choices.ts';

export interface Pairing {
  name: 'official' | 'hardware-tuned';
  description: string;
  baseline: { side: string; run: RunSummary };
  rule: { side: string; run: RunSummary };
  savingPct: { dram: number; time: number; energy: number };
  waterfall: Waterfall;
}

export interface ExplainResult {
  workload: ExplainWorkload;
  arch: { name: string; hash: string; file: string };
  baseline: string;
  rule: string;
  choices: Choice[];
  /** Under the arch config as given. */
  waterfall: Waterfall;
  tornado: Tornado;
  pairings: Pairing[];
  runs: number;
}

const describe = (o: Record<string, ConfigValue>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || 'the config as given';

const official: Record<string, ConfigValue> = {
  stash: 'pytorch',
  'asap.shared_stash': 'full',
  'asap.feedback_update': 'own-momentum',
  'asap.share_schedule': 'per-layer',
};
/** Each ASAP knob at its best value in the tornado (ties: the official value, listed first); B fixed is not ASAP. */
function bestKnobs(t: Tornado): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const k of t.knobs.filter((k) => k.knob.startsWith('asap.'))) {
    const ok = k.points.filter((p) => p.value !== 'fixed');
    out[k.knob] = ok.reduce((best, p) => (p.savingPct > best.savingPct ? p : best), ok[0]).value;
  }
  return out;
}

function pairing(runner: ExplainRunner, name: Pairing['name'], description: string, b: Side, r: Side): Pairing {
  const br = runner.run(b);
  const rr = runner.run(r);
  return {
    name,
    description,
    baseline: { side: `${b.rule.label}: ${describe(b.overrides)}`, run: br },
    rule: { side: `${r.rule.label}: ${describe(r.overrides)}`, run: rr },
    savingPct: { dram: savingPct(br.dramBytes, rr.dramBytes), time: savingPct(br.timeNs, rr.timeNs), energy: savingPct(br.energyJ, rr.energyJ) },
    waterfall: waterfall(runner, b, r),
  };
}

/** The stash policy with the fewest DRAM bytes for a side (ties: the earlier in stashPolicyNames). */
function bestStash(runner: ExplainRunner, side: Side): string {
  let best: { p: string; bytes: number } | undefined;
  for (const p of stashPolicyNames) {
    const bytes = runner.run({ rule: side.rule, overrides: { ...side.overrides, stash: p } }).dramBytes;
    if (!best || bytes < best.bytes) best = { p, bytes };
  }
  return best!.p;
}

export function explain(runner: ExplainRunner, baselineRule: RuleChoice, rule: RuleChoice): ExplainResult {
  const b: Side = { rule: baselineRule, overrides: {} };
  const r: Side = { rule, overrides: {} };
  const asIs = waterfall(runner, b, r);
  const spread = tornado(runner, b, r);
  const off = pairing(
    runner,
    'official',
    'official code on both sides: PyTorch autograd keeps what it keeps (stash pytorch) for both rules; ASAP as its official code builds it (full shared activation, B an optimizer parameter with its own momentum, one ΔW op per layer)',
    { rule: baselineRule, overrides: official },
    { rule, overrides: official },
  );
  const tunedKnobs = bestKnobs(spread);
  const bTuned = { ...tunedKnobs, stash: bestStash(runner, { rule: baselineRule, overrides: tunedKnobs }) };
  const rTuned = { ...tunedKnobs, stash: bestStash(runner, { rule, overrides: tunedKnobs }) };
  const tuned = pairing(
    runner,
    'hardware-tuned',
    `hardware-tuned on both sides: each rule with the stash policy that moves the fewest DRAM bytes for it (${baselineRule.label}: ${bTuned.stash}, ${rule.label}: ${rTuned.stash}), 1-bit masks and int8 argmax where stored; each ASAP knob at its best value in the tornado, B fixed excluded (${Object.entries(
      tunedKnobs,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`,
    { rule: baselineRule, overrides: bTuned },
    { rule, overrides: rTuned },
  );
  const base = runner.base;
  return {
    workload: runner.workload,
    arch: { name: base.config.name, hash: base.hash, file: base.file },
    baseline: baselineRule.label,
    rule: rule.label,
    choices: choicesOf(base.config, runner.workload, runner.dramModel),
    waterfall: asIs,
    tornado: spread,
    pairings: [off, tuned],
    runs: runner.runs,
  };
}
