// One counterfactual run of `asapsim explain`: a rule on the workload under the base arch config with
// dotted-key overrides (the same keys a sweep or --set takes), traced shape-only and replayed. Runs are
// cached by their full description, so the waterfall, the tornado and the pairings share what they can.
import type { LoadedArch } from '../../arch/loader.ts';
import { parseConfigText } from '../../arch/loader.ts';
import { deriveArch, type ConfigValue } from '../../arch/derive.ts';
import type { RuleChoice } from '../../net/rules/index.ts';
import { shapeTrace } from '../../net/shape-trace.ts';
import { replaySync } from '../../sim/replay.ts';
import { StepFuture } from '../../sim/future.ts';
import { createDramFor } from '../../sim/dram-for-arch.ts';
import { dramTotal, type ReplayResult } from '../../sim/stats.ts';
import { getStashPolicy } from '../../trace/stash.ts';
import { tensorRoles, type TensorRole } from '../../trace/schema.ts';
import { asapKnobsOf } from '../knobs.ts';

export interface ExplainWorkload {
  model: string;
  batch: number;
  inputShape: [number, number, number];
  classes: number;
  width: number;
}

/** A side of a comparison: its rule and the arch keys it sets on top of the base config. */
export interface Side {
  rule: RuleChoice;
  overrides: Record<string, ConfigValue>;
}

export interface RunSummary {
  label: string;
  dramBytes: number;
  /** DRAM bytes (read + write) per tensor role; they sum to dramBytes. */
  byRole: Record<TensorRole, number>;
  timeNs: number;
  energyJ: number;
  stashBytes: number;
  /** Arch config hash of the run (the base config with the side's overrides). */
  archHash: string;
}

export class ExplainRunner {
  private readonly cache = new Map<string, RunSummary>();
  private readonly raw: unknown;
  runs = 0;

  constructor(
    readonly base: LoadedArch,
    readonly workload: ExplainWorkload,
    readonly dramModel?: 'analytic' | 'cycle',
  ) {
    this.raw = parseConfigText(base.text, base.file).data;
  }

  arch(overrides: Record<string, ConfigValue>): LoadedArch {
    return deriveArch(this.base, this.raw, overrides, (key) => `explain ${key}`);
  }

  run(side: Side, batch = this.workload.batch): RunSummary {
    const key = JSON.stringify([side.rule.rule, side.rule.k, Object.entries(side.overrides).sort(), batch]);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const arch = this.arch(side.overrides);
    const config = arch.config;
    const trace = shapeTrace({
      ...this.workload,
      batch,
      rule: side.rule,
      stash: getStashPolicy(config.stash),
      dtypes: config.dtypes,
      asap: asapKnobsOf(config),
      groupBudgetBytes: config.buffer.capacity,
    });
    const future = config.buffer.replacement === 'next-use' ? new StepFuture(trace.events) : undefined;
    const result = replaySync({ header: trace.header, arch: config, archHash: arch.hash, dram: createDramFor(config, this.dramModel), future }, trace.events);
    this.runs++;
    const summary = summarizeRun(result, side.rule.label);
    this.cache.set(key, summary);
    return summary;
  }
}

export function summarizeRun(r: ReplayResult, label: string): RunSummary {
  const byRole = Object.fromEntries(tensorRoles.map((role) => [role, r.byRole[role] ? dramTotal(r.byRole[role]!) : 0])) as Record<TensorRole, number>;
  const dramBytes = dramTotal(r.totals);
  const attributed = Object.values(byRole).reduce((a, b) => a + b, 0);
  // The replay attributes every DRAM byte to a role; if a future replay does not, the rest is 'other'.
  byRole.other += dramBytes - attributed;
  return { label, dramBytes, byRole, timeNs: r.time.totalNs, energyJ: r.energy.totalJ, stashBytes: r.stash.totalBytes, archHash: r.arch.hash };
}
