// asapsim compare: the main job. Traces each rule (shape-only), replays it on the arch, prints the DRAM
// traffic by tensor role per rule and the saving against the first rule, writes reports/<name>/.
import type { Command } from 'commander';
import { join } from 'node:path';
import { compare, type CompareResult } from '../analysis/compare.ts';
import { loadArch } from '../arch/loader.ts';
import { parseRuleChoice, type RuleChoice } from '../net/rules/index.ts';
import { writeCompareReport, summaryJson } from '../report/files/write-compare.ts';
import { formatCompare } from '../report/compare-text.ts';
import { compareReportName, freshReportDir } from '../report/files/report-dir.ts';
import { readMetricsFile } from '../report/charts/learning-curves.ts';
import { compareChartNames } from '../report/charts/compare.ts';
import { assertWritableDir } from '../util/atomic.ts';
import { UserError } from '../util/errors.ts';
import { addExamples } from './help.ts';
import {
  addArchChangeOptions,
  addChartOptions,
  addWorkloadOptions,
  changedArch,
  chartChoice,
  commandLine,
  defaultArch,
  dramMode,
  ruleList,
  workload,
  type ArchChangeFlags,
  type ChartFlags,
  type WorkloadFlags,
} from './options.ts';
import { progress } from './progress.ts';

interface CompareFlags extends WorkloadFlags, ChartFlags, ArchChangeFlags {
  rules: RuleChoice[];
  arch: string;
  mode?: string;
  name?: string;
  out: string;
  force?: boolean;
  json?: boolean;
  report: boolean;
  metrics: string[];
  explain: boolean;
  tornado: boolean;
}

export function register(program: Command): void {
  const cmd = program.command('compare').description('DRAM traffic, time and energy of one training step under several rules (the main job)');
  addWorkloadOptions(cmd, { batch: 128 }).option(
    '--rules <list>',
    'comma-separated rules, the first is the baseline: bp, fa, dfa, kp, as[:k], asap[:k] (k = 2 or 4), e.g. bp,asap:2,asap:4',
    ruleList,
    [parseRuleChoice('bp'), parseRuleChoice('asap:2')],
  );
  cmd.options.at(-1)!.defaultValueDescription = 'bp,asap:2';
  cmd
    .option('--arch <file>', 'accelerator config (YAML or JSON; shipped: arch-configs/*.yaml)', defaultArch)
    .option('--mode <mode>', "DRAM model: analytic or cycle (default: the arch config's dram.model)");
  addArchChangeOptions(cmd)
    .option('--name <name>', 'report folder under --out (default: <model>-<rules>-<arch>, numbered -2, -3, ... if taken)')
    .option('--out <dir>', 'where report folders go', 'reports')
    .option('--force', 'overwrite the report folder (with --name or the default name) instead of numbering a new one')
    .option('--no-report', 'print only, write no report')
    .option('--json', 'print the results as one JSON document on stdout')
    .option('--no-explain', "skip explain's waterfall (counterfactual runs per rule)")
    .option('--tornado', "add explain's tornado for the second rule (about 60 more runs)");
  addChartOptions(cmd).option('--metrics <files...>', 'metrics.jsonl files of asapsim train runs to add as learning curves', []);
  addExamples(cmd, [
    ['asapsim compare', 'the main job (npm start): ResNet-18, CIFAR-10, batch 128, BP vs ASAP k=2 on arch-configs/edge.yaml'],
    ['asapsim compare --rules bp,asap:2,asap:4 --arch arch-configs/datacenter.yaml', 'three rules on another accelerator'],
    ['asapsim compare --set "buffer.capacity=2 MiB" --dtype bf16 --mode cycle', 'a changed config, bf16 values, cycle-level DRAM'],
    ['asapsim compare --chart-preset single --chart-format pdf --charts traffic-by-role', 'one figure for a paper column, as vector PDF'],
    ['npm start -- --force', 'through npm: flags after --'],
  ]);
  cmd.action(async (flags: CompareFlags) => {
    const charts = chartChoice(flags);
    for (const c of charts.charts ?? [])
      if (!compareChartNames.includes(c) && c !== 'learning-curves')
        throw new UserError(`--charts: unknown chart "${c}": expected some of ${[...compareChartNames, 'learning-curves'].join(', ')}`);
    const learning = flags.metrics.flatMap(readMetricsFile);
    const mode = dramMode(flags.mode);
    const arch = changedArch(loadArch(flags.arch), flags);
    const w = workload(flags);
    const defaultName = compareReportName(
      w.model,
      flags.rules.map((r) => r.label),
      flags.arch,
    );
    // A re-run without --name keeps the earlier report and writes the next free <name>-2, -3, ...
    const dir = flags.name !== undefined || flags.force ? join(flags.out, flags.name ?? defaultName) : freshReportDir(flags.out, defaultName);
    if (flags.report) assertWritableDir(dir, !!flags.force);
    const bar = progress(flags.rules.length, flags.json);
    const command = commandLine(process.argv);
    let result: CompareResult;
    try {
      result = compare({ ...w, rules: flags.rules, arch, dramModel: mode, explain: { waterfall: flags.explain, tornado: !!flags.tornado } }, (label, i) =>
        bar.update(i, label),
      );
      bar.update(flags.rules.length, 'report');
      if (flags.report)
        await writeCompareReport(result, { dir, force: !!flags.force, command, arch, ...charts, learning: learning.length ? learning : undefined });
    } finally {
      bar.stop();
    }
    if (flags.json) process.stdout.write(JSON.stringify(summaryJson(result, command)) + '\n');
    else {
      console.log(formatCompare(result));
      const taken = dir !== join(flags.out, flags.name ?? defaultName);
      if (flags.report) console.log(`\nreport: ${dir}/index.html${taken ? ` (${join(flags.out, defaultName)} holds an earlier run, kept)` : ''}`);
    }
  });
}
