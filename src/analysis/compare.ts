// Compare: the same model, batch and accelerator under several rules; DRAM traffic by role group, time,
// energy and stash, each against the first rule (BP by default) as the baseline.
import type { LoadedArch } from '../arch/loader.ts';
import type { RuleChoice } from '../net/rules/index.ts';
import { replaySync } from '../sim/replay.ts';
import { createDramFor } from '../sim/dram-for-arch.ts';
import { dramTotal, dramWrite, type ReplayResult } from '../sim/stats.ts';
import { shapeTrace } from '../net/shape-trace.ts';
import { getStashPolicy } from '../trace/stash.ts';
import { asapKnobsOf } from './knobs.ts';
import { ExplainRunner } from './explain/run.ts';
import { waterfall, type Waterfall } from './explain/waterfall.ts';
import { tornado, type Tornado } from './explain/tornado.ts';
import { choicesOf, type Choice } from './explain/choices.ts';
import { groupOf, roleGroupNames, type RoleGroup } from './roles.ts';
import type { TensorRole } from '../trace/schema.ts';
import { type DramMode } from '../dram/dram.ts';

export interface CompareSpec {
  model: string;
  rules: RuleChoice[];
  batch: number;
  inputShape: [number, number, number];
  classes: number;
  width: number;
  arch: LoadedArch;
  /** Overrides the arch config's DRAM model. */
  dramModel?: DramMode;
  /** explain's waterfall for every rule against the baseline, and the tornado for the second rule. */
  explain?: { waterfall: boolean; tornado: boolean };
}

export interface RoleGroupTraffic {
  read: number;
  write: number;
}

export interface RuleSummary {
  label: string;
  dramRead: number;
  dramWrite: number;
  dramTotal: number;
  /** (baseline - this) / baseline, in % of the baseline's DRAM bytes; 0 for the baseline itself. */
  savingPct: number;
  byGroup: Record<RoleGroup, RoleGroupTraffic>;
  timeNs: number;
  energyJ: number;
  stashBytes: number;
  stashByRole: Partial<Record<TensorRole, number>>;
  peakLiveBytes: number;
}

export interface CompareResult {
  spec: {
    model: string;
    rules: string[];
    batch: number;
    inputShape: number[];
    classes: number;
    width: number;
    arch: string;
    archHash: string;
    dramModel: string;
    stash: string;
  };
  baseline: string;
  summaries: RuleSummary[];
  runs: ReplayResult[];
  /** The choices that move the answer, and explain's waterfalls and tornado when asked (src/analysis/explain/). */
  choices?: Choice[];
  explain?: { waterfalls: Waterfall[]; tornado?: { rule: string; tornado: Tornado } };
}

export function summarize(run: ReplayResult, baseline?: ReplayResult): RuleSummary {
  const byGroup = Object.fromEntries(roleGroupNames.map((g) => [g, { read: 0, write: 0 }])) as Record<RoleGroup, RoleGroupTraffic>;
  for (const [role, t] of Object.entries(run.byRole)) {
    const g = byGroup[groupOf(role as TensorRole)];
    g.read += t!.dramRead;
    g.write += dramWrite(t!);
  }
  const total = dramTotal(run.totals);
  const base = baseline ? dramTotal(baseline.totals) : total;
  return {
    label: run.trace.label,
    dramRead: run.totals.dramRead,
    dramWrite: dramWrite(run.totals),
    dramTotal: total,
    savingPct: base > 0 ? ((base - total) / base) * 100 : 0,
    byGroup,
    timeNs: run.time.totalNs,
    energyJ: run.energy.totalJ,
    stashBytes: run.stash.totalBytes,
    stashByRole: run.stash.byRole,
    peakLiveBytes: run.stash.peakLiveBytes,
  };
}

export function compare(spec: CompareSpec, onRule?: (label: string, index: number) => void): CompareResult {
  const arch = spec.arch.config;
  const stash = getStashPolicy(arch.stash);
  const runs = spec.rules.map((rule, i) => {
    onRule?.(rule.label, i);
    const trace = shapeTrace({
      model: spec.model,
      rule,
      batch: spec.batch,
      inputShape: spec.inputShape,
      classes: spec.classes,
      width: spec.width,
      stash,
      dtypes: arch.dtypes,
      asap: asapKnobsOf(arch),
      groupBudgetBytes: arch.buffer.capacity,
    });
    const dram = createDramFor(arch, spec.dramModel);
    return replaySync({ header: trace.header, arch, archHash: spec.arch.hash, dram }, trace.events);
  });
  const summaries = runs.map((r) => summarize(r, runs[0]));
  const workload = { model: spec.model, batch: spec.batch, inputShape: spec.inputShape, classes: spec.classes, width: spec.width };
  let explained: CompareResult['explain'];
  if (spec.explain && spec.rules.length > 1) {
    const runner = new ExplainRunner(spec.arch, workload, spec.dramModel);
    const [b, ...others] = spec.rules.map((rule) => ({ rule, overrides: {} }));
    explained = {
      waterfalls: spec.explain.waterfall ? others.map((r) => waterfall(runner, b, r)) : [],
      tornado: spec.explain.tornado ? { rule: others[0].rule.label, tornado: tornado(runner, b, others[0]) } : undefined,
    };
  }
  return {
    choices: choicesOf(arch, workload, spec.dramModel),
    ...(explained ? { explain: explained } : {}),
    spec: {
      model: spec.model,
      rules: spec.rules.map((r) => r.label),
      batch: spec.batch,
      inputShape: spec.inputShape,
      classes: spec.classes,
      width: spec.width,
      arch: arch.name,
      archHash: spec.arch.hash,
      dramModel: runs[0]?.arch.dramModel ?? arch.dram.model,
      stash: stash.name,
    },
    baseline: runs[0]?.trace.label ?? '',
    summaries,
    runs,
  };
}
