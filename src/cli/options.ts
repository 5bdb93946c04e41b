// Flag parsing shared by subcommands: every bad value becomes a one-line UserError naming the flag.
import { InvalidArgumentError, type Command } from 'commander';
import { inputs, models } from '../net/models/index.ts';
import { parseRuleChoice, type RuleChoice } from '../net/rules/index.ts';
import { UserError } from '../util/errors.ts';
import { presetNames } from '../report/charts/style.ts';
import { hasOwn } from '../util/lookup.ts';

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

/** The widest channel multiplier accepted: far beyond any published network (widths of 1e308 overflow shapes). */
export const MAX_WIDTH = 64;

export function widthMultiplier(flag: string) {
  return (v: string): number => {
    const n = positiveNumber(flag)(v);
    if (n > MAX_WIDTH) throw new InvalidArgumentError(`${flag} expects a multiplier of at most ${MAX_WIDTH}, got "${v}"`);
    return n;
  };
}

/** A flag parser from a plain parser: its error becomes commander's "argument is invalid" line. */
export function asArgument<T>(parse: (v: string) => T): (v: string) => T {
  return (v) => {
    try {
      return parse(v);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };
}

export const ruleList = asArgument((v: string): RuleChoice[] =>
  v
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(parseRuleChoice),
);
export const ruleOption = asArgument(parseRuleChoice);

/** --mode: the DRAM model, or undefined for the arch config's own. */
export function dramMode(mode: string | undefined): 'analytic' | 'cycle' | undefined {
  if (mode !== undefined && mode !== 'analytic' && mode !== 'cycle') throw new UserError(`--mode: expected analytic or cycle, got "${mode}"`);
  return mode;
}

export function modelName(v: string): string {
  if (!hasOwn(models, v)) throw new InvalidArgumentError(`unknown model "${v}": expected one of ${Object.keys(models).join(', ')}`);
  return v;
}

export function inputName(v: string): string {
  if (!hasOwn(inputs, v)) throw new InvalidArgumentError(`unknown input "${v}": expected one of ${Object.keys(inputs).join(', ')}`);
  return v;
}

/** --model, --input, --batch, --width: what network and batch a trace describes. */
export function addWorkloadOptions(cmd: Command, defaults: { batch: number }): Command {
  return cmd
    .option('--model <name>', `model: ${Object.keys(models).join(', ')}`, modelName, 'resnet18')
    .option('--input <dataset>', `input shape and classes of: ${Object.keys(inputs).join(', ')}`, inputName, 'cifar10')
    .option('--batch <n>', 'batch size', positiveInt('--batch'), defaults.batch)
    .option('--width <x>', `channel width multiplier (at most ${MAX_WIDTH})`, widthMultiplier('--width'), 1);
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

/** --preset: a chart preset name. */
export function chartPreset(name: string): string {
  if (!presetNames.includes(name)) throw new UserError(`--preset: expected one of ${presetNames.join(', ')}, got "${name}"`);
  return name;
}
