// asapsim trace: writes the shape-only trace of one training step (JSON Lines, schema v1).
import type { Command } from 'commander';
import { parseRuleChoice, type RuleChoice } from '../net/rules/index.ts';
import { shapeTrace } from '../net/shape-trace.ts';
import { writeTrace } from '../trace/io.ts';
import { defaultDtypes, getStashPolicy, stashPolicies } from '../trace/stash.ts';
import { assertWritableFile } from '../util/atomic.ts';
import { UserError } from '../util/errors.ts';
import { addWorkloadOptions, ruleOption, workload, type WorkloadFlags } from './options.ts';
import { elementTypes } from '../trace/schema.ts';
import { addExamples } from './help.ts';

interface TraceFlags extends WorkloadFlags {
  rule: RuleChoice;
  stash: string;
  dtype: keyof typeof elementTypes;
  out: string;
  force: boolean;
}

export function register(program: Command): void {
  const cmd = program.command('trace').description('write the op trace of one training step without arithmetic (shape-only executor)');
  addWorkloadOptions(cmd, { batch: 128 })
    .option('--rule <rule>', 'learning rule (bp, fa, dfa, kp, as, asap; as/asap take k: asap:4)', ruleOption, parseRuleChoice('bp'))
    .option('--stash <policy>', `what forward keeps for backward: ${Object.keys(stashPolicies).join(', ')}`, 'compact')
    .option('--dtype <type>', `element type of values: ${Object.keys(elementTypes).join(', ')}`, 'fp32')
    .requiredOption('-o, --out <file>', 'trace file to write (.jsonl)')
    .option('--force', 'overwrite an existing file', false)
    .action((flags: TraceFlags) => {
      let stash;
      try {
        stash = getStashPolicy(flags.stash);
      } catch (e) {
        throw new UserError(`--stash: ${(e as Error).message}`);
      }
      if (!(flags.dtype in elementTypes) || flags.dtype === 'bit') throw new UserError(`--dtype: expected one of fp32, bf16, fp16, int8, got "${flags.dtype}"`);
      assertWritableFile(flags.out, flags.force);
      const w = workload(flags);
      const trace = shapeTrace({ ...w, rule: flags.rule, stash, dtypes: defaultDtypes(stash, flags.dtype) });
      writeTrace(flags.out, trace);
      const bytes = trace.events.reduce((a, e) => a + e.reads.reduce((x, t) => x + t.bytes, 0) + e.writes.reduce((x, t) => x + t.bytes, 0), 0);
      console.log(
        `${flags.out}: ${trace.events.length} events, ${(bytes / 2 ** 20).toFixed(1)} MiB accessed (${trace.header.model} ${trace.header.label}, batch ${trace.header.batch})`,
      );
    });
  addExamples(program.commands.at(-1)!, [
    ['asapsim trace --rule asap:4 --model resnet18 --batch 128 -o t.jsonl', 'one ResNet-18 ASAP k=4 training step as an op trace'],
    ['asapsim trace --rule bp --stash pytorch --dtype bf16 -o bp.jsonl', "what PyTorch's autograd would keep, in bf16"],
  ]);
}
