// Flag parsing shared by subcommands: every bad value becomes a one-line UserError naming the flag.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { inputs, models } from '../net/models/index.ts';
import { parseRuleChoice, type RuleChoice } from '../net/rules/index.ts';
import { UserError } from '../util/errors.ts';
import { presetNames } from '../report/charts/style.ts';
import { DRAM_MODES, type DramMode } from '../dram/dram.ts';
import { parseFormats, type Format } from '../report/render/render.ts';
import { hasOwn } from '../util/lookup.ts';

/** The shipped default; help shows it as arch-configs/edge.yaml (cli/help.ts). */
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
export function dramMode(mode: string | undefined): DramMode | undefined {
  if (mode === undefined) return undefined;
  const known = DRAM_MODES.find((m) => m === mode);
  if (known === undefined) throw new UserError(`--mode: expected ${DRAM_MODES.join(' or ')}, got "${mode}"`);
  return known;
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
    .option('--model <name>', `network: ${Object.keys(models).join(', ')}`, modelName, 'resnet18')
    .option('--input <dataset>', `input shape and class count of a dataset: ${Object.keys(inputs).join(', ')} (no data is read)`, inputName, 'cifar10')
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

/** --chart-preset: a chart preset name. */
export function chartPreset(name: string): string {
  if (!presetNames.includes(name)) throw new UserError(`--chart-preset: expected one of ${presetNames.join(', ')}, got "${name}"`);
  return name;
}

export interface ChartFlags {
  chartPreset: string;
  chartFormat: Format[];
  charts?: string[];
  aspect?: number;
}

/** What a report's charts look like, for writeCompareReport and friends. */
export function chartChoice(flags: ChartFlags) {
  return { preset: chartPreset(flags.chartPreset), formats: flags.chartFormat, charts: flags.charts, aspect: flags.aspect };
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** A flag that means something else in another command: one line saying which flag the user wants. */
function renamed(flags: string, message: string): Option {
  return new Option(flags).hideHelp().argParser(() => {
    throw new UserError(message);
  });
}

/** --chart-preset, --chart-format, --charts, --aspect (and a pointer for the old --preset and --format). */
export function addChartOptions(cmd: Command): Command {
  return cmd
    .option('--chart-preset <name>', 'figure size and fonts: screen (on-screen, 11 pt), single (3.5 in paper column, 8 pt), double (7 in, 9 pt)', 'screen')
    .option('--chart-format <list>', 'chart files to write besides the Vega-Lite spec: some of svg, png, pdf', asArgument(parseFormats), [
      'svg',
      'png',
    ] as Format[])
    .option('--charts <names>', "render only these charts, by file name (comma-separated; default: all, as the report's index lists them)", list)
    .option('--aspect <h/w>', "plot height as a fraction of its width for single-view charts, e.g. 0.4 (default: each chart's own)", positiveNumber('--aspect'))
    .addOption(renamed('--preset <name>', '--preset names a DRAM preset (asapsim dram); the chart preset is --chart-preset screen|single|double'))
    .addOption(renamed('--format <list>', '--format names a DRAM trace format (asapsim dram); chart files are --chart-format svg,png,pdf'));
}

/** --set key=value (one value each: a sweep takes lists and ranges), --stash, --dtype: changes to the arch config. */
export function addArchChangeOptions(cmd: Command): Command {
  return cmd
    .option(
      '--set <key=value>',
      'change one arch config key by dotted path, e.g. --set "buffer.capacity=2 MiB" (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--stash <policy>', "what forward keeps for backward: compact or pytorch (default: the arch config's)")
    .option('--dtype <type>', "element type of every value tensor: fp32, bf16, fp16, int8 (default: the arch config's dtypes)");
}

/** --data of train and eval: the dataset names of compare's --input, and which of them work offline. */
export const dataHelp =
  "dataset: mnist (offline: 10,000 bundled digits; the full IDX files with --data-dir), fashion-mnist (offline if Debian's dataset-fashion-mnist is installed, else --data-dir), synthetic (offline, random), cifar10, cifar100, svhn (need --data-dir)";

/** The engine's dataset name for --data: mnist without --data-dir is the bundled subset. */
export function engineDataName(data: string, dataDir: string | undefined): string {
  return data === 'mnist' && dataDir === undefined ? 'mnist-bundled' : data;
}
