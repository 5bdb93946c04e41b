// asapsim compare: the main job. Traces each rule (shape-only), replays it on the arch, prints the DRAM
// traffic by tensor role per rule and the saving against the first rule, writes reports/<name>/.
import type { Command } from 'commander';
import { compare, type CompareResult } from '../analysis/compare.ts';
import { roleGroupLabels, roleGroupNames } from '../analysis/roles.ts';
import { loadArch } from '../arch/loader.ts';
import { parseRuleChoice, type RuleChoice } from '../net/rules/index.ts';
import { writeCompareReport, summaryJson } from '../report/files/write-compare.ts';
import { mib, pct, textTable } from '../report/format.ts';
import { presetNames } from '../report/charts/style.ts';
import { parseFormats, type Format } from '../report/render/render.ts';
import { readMetricsFile } from '../report/charts/learning-curves.ts';
import { addWorkloadOptions, asArgument, chartPreset, commandLine, defaultArch, dramMode, ruleList, workload, type WorkloadFlags } from './options.ts';
import { progress } from './progress.ts';
import { assertWritableDir, confined } from '../util/atomic.ts';
import { jsonText } from '../util/jsonl.ts';

interface CompareFlags extends WorkloadFlags {
  rules: RuleChoice[];
  arch: string;
  mode?: string;
  name?: string;
  out: string;
  force: boolean;
  json: boolean;
  report: boolean;
  preset: string;
  format: Format[];
  metrics: string[];
}

export function formatCompare(result: CompareResult): string {
  const out: string[] = [];
  const s = result.spec;
  out.push(`${s.model}, batch ${s.batch}, input ${s.inputShape.join('x')}, arch ${s.arch} (${s.archHash}), DRAM ${s.dramModel}, stash ${s.stash}`);
  for (const r of result.summaries) {
    out.push('', `${r.label}: DRAM traffic per training step (MiB)`);
    const rows = roleGroupNames.map((g) => [roleGroupLabels[g], mib(r.byGroup[g].read), mib(r.byGroup[g].write), mib(r.byGroup[g].read + r.byGroup[g].write)]);
    rows.push(['total', mib(r.dramRead), mib(r.dramWrite), mib(r.dramTotal)]);
    out.push(textTable(['role', 'read', 'write', 'total'], rows));
    if (r.label !== result.baseline) out.push(`saving vs ${result.baseline}: ${pct(r.savingPct)} of DRAM bytes`);
  }
  out.push('', 'summary');
  out.push(
    textTable(
      ['rule', 'DRAM MiB', `saving vs ${result.baseline}`, 'stash MiB', 'step ms', 'energy mJ'],
      result.summaries.map((r) => [r.label, mib(r.dramTotal), pct(r.savingPct), mib(r.stashBytes), (r.timeNs / 1e6).toFixed(2), (r.energyJ * 1e3).toFixed(1)]),
    ),
  );
  return out.join('\n');
}

export function register(program: Command): void {
  const cmd = program.command('compare').description('DRAM traffic, time and energy of one training step under several rules (the main job)');
  addWorkloadOptions(cmd, { batch: 128 })
    .option('--rules <list>', 'comma-separated rules, the first is the baseline (as/asap take k: asap:4)', ruleList, [
      parseRuleChoice('bp'),
      parseRuleChoice('asap:2'),
    ])
    .option('--arch <file>', 'arch config (YAML or JSON)', defaultArch)
    .option('--mode <mode>', "DRAM model: analytic or cycle (default: the arch config's)")
    .option('--name <name>', 'report directory name under --out (default: <model>-<rules>)')
    .option('--out <dir>', 'where reports go', 'reports')
    .option('--force', 'overwrite an existing report directory', false)
    .option('--no-report', 'print only, write no report')
    .option('--json', 'print the results as one JSON document on stdout', false)
    .option('--preset <name>', `chart preset: ${presetNames.join(', ')} (single = 3.5 in, double = 7 in)`, 'screen')
    .option('--format <list>', 'chart formats: svg,png,pdf', asArgument(parseFormats), ['svg', 'png'] as Format[])
    .option('--metrics <files...>', 'training metrics JSONL files to add as learning curves', [])
    .action(async (flags: CompareFlags) => {
      chartPreset(flags.preset);
      const learning = flags.metrics.flatMap(readMetricsFile);
      const mode = dramMode(flags.mode);
      const arch = loadArch(flags.arch);
      const w = workload(flags);
      const name = flags.name ?? `${w.model}-${flags.rules.map((r) => r.label.replace(/[()=]/g, '')).join('-vs-')}`;
      const dir = confined(flags.out, '--name', name);
      if (flags.report) assertWritableDir(dir, flags.force);
      const bar = progress(flags.rules.length, flags.json);
      const command = commandLine(process.argv);
      let result: CompareResult;
      try {
        result = compare({ ...w, rules: flags.rules, arch, dramModel: mode }, (label, i) => bar.update(i, label));
        bar.update(flags.rules.length, 'report');
        if (flags.report)
          await writeCompareReport(result, {
            dir,
            force: flags.force,
            command,
            arch,
            preset: flags.preset,
            formats: flags.format,
            learning: learning.length ? learning : undefined,
          });
      } finally {
        bar.stop();
      }
      if (flags.json) process.stdout.write(jsonText(summaryJson(result, command)) + '\n');
      else {
        console.log(formatCompare(result));
        if (flags.report) console.log(`\nreport: ${dir}/index.html`);
      }
    });
}
