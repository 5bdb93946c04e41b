// asapsim explain: why a rule's DRAM traffic differs from the baseline's (waterfall of counterfactual
// runs), how much each implementation choice moves the saving (tornado), and the official and the
// hardware-tuned pairing side by side (src/analysis/explain/, docs/explain.md).
import type { Command } from 'commander';
import { loadArch } from '../arch/loader.ts';
import { parseRuleChoice, type RuleChoice } from '../net/rules/index.ts';
import { ExplainRunner } from '../analysis/explain/run.ts';
import { explain } from '../analysis/explain/explain.ts';
import { formatExplain } from '../analysis/explain/format.ts';
import { addWorkloadOptions, defaultArch, dramMode, ruleList, ruleOption, workload, type WorkloadFlags } from './options.ts';

interface ExplainFlags extends WorkloadFlags {
  rule: RuleChoice[];
  baseline: RuleChoice;
  arch: string;
  mode?: string;
  json: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('explain')
    .description('why a rule saves (or costs) DRAM traffic against a baseline: waterfall, tornado, official and hardware-tuned pairings');
  addWorkloadOptions(cmd, { batch: 128 })
    .option('--rule <rules>', 'the rule(s) to explain, comma-separated (as/asap take k: asap:2,asap:4); runs are shared', ruleList, [parseRuleChoice('asap:2')])
    .option('--baseline <rule>', 'the baseline rule', ruleOption, parseRuleChoice('bp'))
    .option('--arch <file>', 'arch config (YAML or JSON)', defaultArch)
    .option('--mode <mode>', "DRAM model: analytic or cycle (default: the arch config's)")
    .option('--json', 'print the results as one JSON document', false)
    .action((flags: ExplainFlags) => {
      const mode = dramMode(flags.mode);
      const runner = new ExplainRunner(loadArch(flags.arch), workload(flags), mode);
      const results = flags.rule.map((rule) => explain(runner, flags.baseline, rule));
      process.stdout.write(flags.json ? JSON.stringify(results.length === 1 ? results[0] : results) + '\n' : results.map(formatExplain).join('\n\n') + '\n');
    });
}
