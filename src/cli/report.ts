// asapsim report: renders a report from saved results — a compare or sweep report directory (its
// results.json), a sweep directory (its points.jsonl), a sweep results .jsonl file, or a training run
// (a directory holding metrics.jsonl, or the file) — with another chart preset, charts or formats,
// optionally adding learning curves from training metrics.
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readResults } from '../sweep/results.ts';
import { readMetricsFile, type CurveRecord } from '../report/charts/learning-curves.ts';
import { fillCompareReport } from '../report/files/write-compare.ts';
import { fillSweepReport } from '../report/files/write-sweep.ts';
import { fillTrainingReport } from '../report/files/write-training.ts';
import { readResultsJson, type ResultsJson } from '../report/files/results-json.ts';
import { putInto } from '../report/files/write-report.ts';
import { writeDirAtomic } from '../util/atomic.ts';
import { UserError } from '../util/errors.ts';
import { addExamples } from './help.ts';
import { addChartOptions, chartChoice, commandLine, type ChartFlags } from './options.ts';

interface ReportFlags extends ChartFlags {
  from: string;
  out?: string;
  metrics: string[];
  force?: boolean;
}

type Source = ResultsJson | { kind: 'training'; metrics: string };

/** A .jsonl file whose first line is a training run's ("type":"run"), not a sweep header. */
function isMetricsFile(file: string): boolean {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0];
  try {
    return (JSON.parse(first) as { type?: unknown }).type === 'run';
  } catch {
    return false;
  }
}

function readSource(from: string): Source {
  if (!existsSync(from))
    throw new UserError(`${from}: not found (expected a report directory, a sweep results .jsonl file or a training run directory with metrics.jsonl)`);
  const dir = statSync(from).isDirectory();
  if (dir && existsSync(join(from, 'results.json'))) return readResultsJson(join(from, 'results.json'));
  if (dir && existsSync(join(from, 'metrics.jsonl'))) return { kind: 'training', metrics: join(from, 'metrics.jsonl') };
  if (!dir && isMetricsFile(from)) return { kind: 'training', metrics: from };
  const jsonl = dir ? join(from, 'points.jsonl') : from;
  if (!existsSync(jsonl)) throw new UserError(`${from}: holds none of results.json, points.jsonl or metrics.jsonl`);
  const r = readResults(jsonl);
  if (!r.header) throw new UserError(`${jsonl}: no sweep header line`);
  return { kind: 'sweep', version: 1, producer: r.header.producer, header: r.header, points: r.points };
}

export function register(program: Command): void {
  const cmd = program
    .command('report')
    .description('render a report from saved results: a compare or sweep report, a sweep results file or a training run')
    .requiredOption(
      '--from <path>',
      'a report folder (results.json), a sweep folder (points.jsonl) or results .jsonl file, or a training run (its folder or metrics.jsonl)',
    )
    .option('--out <dir>', 'where the report goes (default: <from>/<chart preset>, or beside a --from file)');
  addChartOptions(cmd)
    .option('--metrics <files...>', 'metrics.jsonl files of asapsim train runs to add as learning curves', [])
    .option('--force', 'overwrite an existing output folder');
  addExamples(cmd, [
    ['asapsim report --from reports/resnet18-bp-vs-asapk2-edge --chart-preset single --chart-format pdf', 'a compare report again, as 3.5 in PDF figures'],
    ['asapsim report --from reports/caps --chart-preset double --charts saving-vs-sweep', 'one chart of a sweep, 7 in wide'],
    ['asapsim report --from runs/train --metrics runs/asap/metrics.jsonl', 'learning curves of two training runs'],
  ]);
  cmd.action(async (flags: ReportFlags) => {
    const charts = chartChoice(flags);
    const source = readSource(flags.from);
    const base = statSync(flags.from).isDirectory() ? flags.from : join(flags.from, '..');
    const out = flags.out ?? join(base, charts.preset);
    const added = flags.metrics.flatMap(readMetricsFile);
    const command = commandLine(process.argv);
    const o = { command, ...charts };
    await writeDirAtomic(out, !!flags.force, (dir) => {
      const put = putInto(dir, []);
      if (source.kind === 'training') {
        const records: CurveRecord[] = [...readMetricsFile(source.metrics), ...added];
        return fillTrainingReport(records, { ...o, sources: [source.metrics, ...flags.metrics] }, put);
      }
      const learning = [...(source.learning ?? []), ...added];
      const withLearning = { ...o, learning: learning.length ? learning : undefined };
      return source.kind === 'sweep'
        ? fillSweepReport(source.header, source.points, withLearning, put)
        : fillCompareReport(source.result, { ...withLearning, arch: source.producer.arch }, put);
    });
    console.log(`report: ${join(out, 'index.html')} (${charts.preset}; ${charts.formats.join(', ')})`);
  });
}
