// Flag parsing shared by subcommands: every bad value becomes a one-line UserError naming the flag.
import { InvalidArgumentError, type Command } from 'commander';
import { inputs, models } from '../net/models/index.ts';
import { parseRuleChoice, type RuleChoice } from '../net/rules/index.ts';

export const defaultArch = new URL('../../arch-configs/edge.yaml', import.meta.url).pathname;

export function positiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} expects a positive integer, got "${v}"`);
    return n;
  };
}

export function positiveNumber(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} expects a positive number, got "${v}"`);
    return n;
  };
}

export function ruleList(v: string): RuleChoice[] {
  try {
    return v.split(',').filter((s) => s.trim() !== '').map(parseRuleChoice);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

export function modelName(v: string): string {
  if (!(v in models)) throw new InvalidArgumentError(`unknown model "${v}": expected one of ${Object.keys(models).join(', ')}`);
  return v;
}

export function inputName(v: string): string {
  if (!(v in inputs)) throw new InvalidArgumentError(`unknown input "${v}": expected one of ${Object.keys(inputs).join(', ')}`);
  return v;
}

/** --model, --input, --batch, --width: what network and batch a trace describes. */
export function addWorkloadOptions(cmd: Command, defaults: { batch: number }): Command {
  return cmd
    .option('--model <name>', `model: ${Object.keys(models).join(', ')}`, modelName, 'resnet18')
    .option('--input <dataset>', `input shape and classes of: ${Object.keys(inputs).join(', ')}`, inputName, 'cifar10')
    .option('--batch <n>', 'batch size', positiveInt('--batch'), defaults.batch)
    .option('--width <x>', 'channel width multiplier', positiveNumber('--width'), 1);
}

export interface WorkloadFlags {
  model: string;
  input: string;
  batch: number;
  width: number;
}

export function workload(flags: WorkloadFlags) {
  const ds = inputs[flags.input];
  return { model: flags.model, batch: flags.batch, width: flags.width, inputShape: ds.shape, classes: ds.classes };
}

/** The command line as typed, for provenance. */
export function commandLine(argv: string[]): string {
  return ['asapsim', ...argv.slice(2)].map((a) => (/^[\w./:=,@+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
