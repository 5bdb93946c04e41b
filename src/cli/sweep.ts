// asapsim sweep: a grid over arch config keys x models x batches x rules, from a sweep file and/or flags.
// Points run on worker threads and are appended to <out>/<name>/points.jsonl as they finish (--resume
// continues a killed sweep, --shard i/n runs a slice for a cluster job array); when the whole sweep is in
// the file, the report (table, charts, index.html) is written beside it.
import { Option, type Command } from 'commander';
import { availableParallelism } from 'node:os';
import { join, basename, extname } from 'node:path';
import { buildSweep, parseShard, readSweepFile, type SweepInput } from '../sweep/spec.ts';
import { runSweep } from '../sweep/run.ts';
import { readResults } from '../sweep/results.ts';
import { sweepRows } from '../sweep/table.ts';
import { parseSetFlag } from '../sweep/values.ts';
import { textTable } from '../report/format.ts';
import { sweepSummaryTable } from '../report/files/sweep-summary.ts';
import { fillSweepReport } from '../report/files/write-sweep.ts';
import { writeFilesInto } from '../report/files/write-into.ts';
import { readMetricsFile } from '../report/charts/learning-curves.ts';
import { UserError } from '../util/errors.ts';
import { addExamples } from './help.ts';
import {
  addChartOptions,
  asArgument,
  chartChoice,
  commandLine,
  defaultArch,
  type ChartFlags,
  dramMode,
  inputName,
  modelName,
  positiveInt,
  positiveNumber,
} from './options.ts';
import { progress } from './progress.ts';
import { type DramMode } from '../dram/dram.ts';

interface SweepFlags extends ChartFlags {
  arch?: string;
  set: Array<{ key: string; values: (string | number | boolean)[] }>;
  models?: string;
  model?: string;
  input?: string;
  batch?: string;
  width?: number;
  rules?: string;
  mode?: DramMode;
  name?: string;
  out: string;
  resume?: boolean;
  force?: boolean;
  shard?: string;
  jobs: number;
  report: boolean;
  metrics: string[];
  json: boolean;
}

const setFlag = asArgument(parseSetFlag);
const collectSet = (v: string, prev: SweepFlags['set']) => [...prev, setFlag(v)];
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
// Flags parsed after commander (lists, merged with the sweep file) report through UserError: commander
// prints only the errors it raises itself.
const flagValue =
  <T>(flag: string, parse: (v: string) => T) =>
  (v: string): T => {
    try {
      return parse(v);
    } catch (e) {
      const message = (e as Error).message;
      throw new UserError(message.startsWith(flag) ? message : `${flag}: ${message}`);
    }
  };

function sweepInput(file: string | undefined, flags: SweepFlags, given: (name: string) => boolean): SweepInput {
  const input: SweepInput = file ? readSweepFile(file) : { grid: [] };
  if (given('arch')) input.arch = flags.arch;
  const models = flags.models ?? flags.model;
  if (models) input.models = list(models).map(flagValue('--models', modelName));
  if (flags.input) input.input = flagValue('--input', inputName)(flags.input);
  if (flags.batch) input.batch = list(flags.batch).map(flagValue('--batch', positiveInt('--batch')));
  if (flags.width !== undefined) input.width = flags.width;
  if (flags.rules) input.rules = list(flags.rules);
  if (flags.mode) input.mode = flags.mode;
  if (flags.name) input.name = flags.name;
  for (const s of flags.set) input.grid.push({ key: s.key, raw: s.values, where: '--set' });
  return input;
}

/** The command line as typed, without --force (it would start over) and with --resume. */
export function resumeCommand(argv: string[]): string {
  const kept = argv.filter((a) => a !== '--force');
  return commandLine(kept.includes('--resume') ? kept : [...kept, '--resume']);
}

export function register(program: Command): void {
  const cmd = program
    .command('sweep [file]')
    .description('run a grid of points (arch keys x models x batches x rules) in parallel, resumable, shardable; write the sweep report')
    .option('--arch <file>', "base arch config (default: the sweep file's, else arch-configs/edge.yaml)")
    .option(
      '--set <key=values>',
      'sweep an arch config key by dotted path: "buffer.capacity=64 KiB..64 MiB" (powers of two) or "dram.preset=LPDDR4-3200,DDR4-3200"; repeatable',
      collectSet,
      [],
    )
    .option('--models <list>', 'comma-separated models (default resnet18)')
    .option('--model <list>', 'the same as --models')
    .option('--input <dataset>', 'input shape and classes of a dataset (default cifar10)')
    .option('--batch <list>', 'comma-separated batch sizes (default 128)')
    .option('--width <x>', 'channel width multiplier (default 1)', positiveNumber('--width'))
    .option('--rules <list>', 'comma-separated rules, the first the baseline; k via asap:2, asap:4 (default bp,asap:2)')
    .option('--mode <mode>', "DRAM model for every point: analytic or cycle (default: each config's)")
    .option('--name <name>', "sweep name: the directory under --out (default: the sweep file's name, else sweep-<hash>)")
    .option('--out <dir>', 'where sweeps go', 'reports')
    .option('--resume', 'continue the sweep in the results file: skip finished points')
    .option('--force', 'start over, replacing an existing results file')
    .option('--shard <i/n>', 'run only points with index % n == i (0 <= i < n), into points.shard-i-of-n.jsonl')
    .addOption(new Option('--jobs <n>', 'worker threads').argParser(positiveInt('--jobs')).default(availableParallelism(), "this machine's cores"))
    .option('--no-report', 'write only the results file');
  addChartOptions(cmd)
    .option('--metrics <files...>', 'metrics.jsonl files of asapsim train runs for the learning-curve chart', [])
    .option('--json', 'print the summary as JSON on stdout');
  addExamples(cmd, [
    ['asapsim sweep --set "buffer.capacity=64 KiB..64 MiB"', 'ResNet-18 BP vs ASAP over buffer sizes (powers of two): a saving-% line chart'],
    [
      'asapsim sweep --set "buffer.capacity=256 KiB..4 MiB" --set "dram.preset=LPDDR4-3200,DDR4-3200" --rules bp,asap:2,asap:4',
      'two keys: a saving heatmap per rule',
    ],
    ['asapsim sweep --set "buffer.capacity=64 KiB..64 MiB" --name caps --resume', 'continue an interrupted sweep'],
    ['asapsim sweep grid.yaml --shard 0/4', 'one of four cluster shards (docs/sweep.md), then asapsim merge'],
  ]);
  cmd.action(async (file: string | undefined, flags: SweepFlags) => {
    dramMode(flags.mode);
    const charts = chartChoice(flags);
    if (flags.name !== undefined && !/^[\w.-]+$/.test(flags.name))
      throw new UserError(`--name: expected letters, digits, "_", "." or "-", got "${flags.name}"`);
    const input = sweepInput(file, flags, (n) => cmd.getOptionValueSource(n) === 'cli');
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
    let sweep = buildSweep(input, defaultArch, () => (file ? basename(file, extname(file)) : 'sweep'));
    if (!input.name && !file) sweep = { ...sweep, description: { ...sweep.description, name: `sweep-${sweep.hash.slice(0, 8)}` } };
    const dir = join(flags.out, sweep.description.name);
    const results = join(dir, shard ? `points.shard-${shard.index}-of-${shard.count}.jsonl` : 'points.jsonl');
    const learning = flags.metrics.flatMap(readMetricsFile);
    const command = commandLine(process.argv);
    let bar = progress(0, true);
    const outcome = await (async () => {
      try {
        return await runSweep(sweep, {
          file: results,
          resume: !!flags.resume,
          force: !!flags.force,
          shard,
          jobs: flags.jobs,
          command,
          onStart: (todo) => {
            bar = progress(todo, flags.json);
          },
          onPoint: (line, n) => bar.update(n, `${line.point.rule} ${Object.values(line.point.values).join(' ')}`),
          onInterrupt: ({ saved, selected, file, signal }) => {
            bar.stop();
            process.stderr.write(
              `\nasapsim: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: ${saved} of ${selected} points are saved in ${file}; resume with:\n  ${resumeCommand(process.argv)}\n`,
            );
          },
        });
      } finally {
        bar.stop();
      }
    })();
    const file2 = readResults(results);
    const rows = sweepRows(sweep.description, file2.points);
    const complete = !shard && file2.points.length === sweep.points.length;
    if (complete && flags.report) await writeFilesInto(dir, (put) => fillSweepReport(file2.header!, file2.points, { command, ...charts, learning }, put));
    const table = sweepSummaryTable(sweep.description, rows);
    if (flags.json) {
      process.stdout.write(JSON.stringify({ sweep: sweep.hash, results, ...outcome, total: sweep.points.length, table }) + '\n');
      return;
    }
    console.log(
      `sweep ${sweep.description.name} (${sweep.hash}): ${outcome.ran} points run, ${outcome.skipped} already done, ${outcome.selected} in ${shard ? `shard ${shard.index}/${shard.count}` : 'the sweep'}`,
    );
    console.log(`results: ${results}`);
    if (!shard) {
      console.log('\nDRAM traffic per training step (MiB) and saving vs ' + sweep.description.rules[0]);
      console.log(textTable(table.head, table.rows));
      if (complete && flags.report) console.log(`\nreport: ${join(dir, 'index.html')}`);
    } else console.log(`merge the shards with: asapsim merge ${join(dir, 'points.shard-*.jsonl')} -o ${join(dir, 'points.jsonl')}`);
  });
}
