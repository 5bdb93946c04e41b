// One sweep point: trace the rule (shape-only), replay it on the point's derived arch, summarize. The same
// code runs in a worker thread or in-process; its input and output are plain structured-cloneable objects.
import type { LoadedArch } from '../arch/loader.ts';
import { inputs } from '../net/models/index.ts';
import { parseRuleChoice } from '../net/rules/index.ts';
import { compare } from '../analysis/compare.ts';
import type { PointResult } from './results.ts';
import { type DramMode } from '../dram/dram.ts';

export interface PointTask {
  model: string;
  input: string;
  batch: number;
  width: number;
  rule: string;
  arch: LoadedArch;
  mode?: DramMode;
}

export function runPoint(task: PointTask): PointResult {
  const ds = inputs[task.input];
  const result = compare({
    model: task.model,
    rules: [parseRuleChoice(task.rule)],
    batch: task.batch,
    inputShape: ds.shape,
    classes: ds.classes,
    width: task.width,
    arch: task.arch,
    dramModel: task.mode,
  });
  const run = result.runs[0];
  return { summary: result.summaries[0], energy: run.energy, time: run.time, arch: run.arch, stash: result.spec.stash };
}
