// Flag parsing shared by subcommands: every bad value becomes a one-line UserError naming the flag.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { inputs, models } from '../net/models/index.ts';
import { parseRuleChoice, type RuleChoice } from '../net/rules/index.ts';
import { UserError } from '../util/errors.ts';
import { deriveArch, type ConfigValue } from '../arch/derive.ts';
import { parseConfigText, type LoadedArch } from '../arch/loader.ts';
import { defaultDtypes, stashPolicies } from '../trace/stash.ts';
import type { ElementType } from '../trace/schema.ts';
import { parseSetFlag } from '../sweep/values.ts';
import { presetNames } from '../report/charts/style.ts';
import { DRAM_MODES, type DramMode } from '../dram/dram.ts';
import { parseFormats, type Format } from '../report/render/render.ts';

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
    .option('--model <name>', `network: ${Object.keys(models).join(', ')}`, modelName, 'resnet18')
    .option('--input <dataset>', `input shape and class count of a dataset: ${Object.keys(inputs).join(', ')} (no data is read)`, inputName, 'cifar10')
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

export interface ArchChangeFlags {
  set: string[];
  stash?: string;
  dtype?: string;
}

/** The arch config with --stash, --dtype and then each --set applied; each bad value named by its flag. */
export function changedArch(base: LoadedArch, flags: ArchChangeFlags): LoadedArch {
  const changes: Record<string, ConfigValue> = {};
  const where: Record<string, string> = {};
  if (flags.stash !== undefined) {
    if (!(flags.stash in stashPolicies)) throw new UserError(`--stash: expected one of ${Object.keys(stashPolicies).join(', ')}, got "${flags.stash}"`);
    changes.stash = flags.stash;
    where.stash = '--stash';
  }
  if (flags.dtype !== undefined) {
    const valueTypes = ['fp32', 'bf16', 'fp16', 'int8'];
    if (!valueTypes.includes(flags.dtype)) throw new UserError(`--dtype: expected one of ${valueTypes.join(', ')}, got "${flags.dtype}"`);
    const dtype = flags.dtype as ElementType;
    // The roles defaultDtypes gives the value type (not labels, masks or indices).
    const policy = stashPolicies[(changes.stash as string) ?? base.config.stash];
    for (const [role, t] of Object.entries(defaultDtypes(policy, dtype)))
      if (t === dtype) {
        changes[`dtypes.${role}`] = dtype;
        where[`dtypes.${role}`] = '--dtype';
      }
  }
  for (const text of flags.set) {
    let parsed: { key: string; values: ConfigValue[] };
    try {
      parsed = parseSetFlag(text);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    if (parsed.values.length !== 1)
      throw new UserError(`--set ${parsed.key}: takes one value here (${parsed.values.length} given); a grid of values is asapsim sweep --set "${text}"`);
    changes[parsed.key] = parsed.values[0];
    where[parsed.key] = `--set ${parsed.key}`;
  }
  if (Object.keys(changes).length === 0) return base;
  return deriveArch(base, parseConfigText(base.text, base.file).data, changes, (key) => where[key] ?? '--set');
}

/** --data of train and eval: the dataset names of compare's --input, and which of them work offline. */
export const dataHelp =
  "dataset: mnist (offline: 10,000 bundled digits; the full IDX files with --data-dir), fashion-mnist (offline if Debian's dataset-fashion-mnist is installed, else --data-dir), synthetic (offline, random), cifar10, cifar100, svhn (need --data-dir)";

/** The engine's dataset name for --data: mnist without --data-dir is the bundled subset. */
export function engineDataName(data: string, dataDir: string | undefined): string {
  return data === 'mnist' && dataDir === undefined ? 'mnist-bundled' : data;
}
