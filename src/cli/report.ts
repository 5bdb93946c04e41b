// asapsim report: re-renders a report from saved results — a compare or sweep report directory (its
// results.json), a sweep directory (its points.jsonl) or a results .jsonl file — with another chart preset
// or other formats, optionally adding learning curves from training metrics.
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkSweepLines, readResults } from '../sweep/results.ts';
import { compareFileShape, shapeProblem } from '../sweep/compare-results.ts';
import { readTextFile } from '../util/lines.ts';
import { presetNames } from '../report/charts/style.ts';
import { readMetricsFile } from '../report/charts/learning-curves.ts';
import { parseFormats, type Format } from '../report/render/render.ts';
import { fillCompareReport, type CompareResultsFile } from '../report/files/write-compare.ts';
import { fillSweepReport, type SweepResultsFile } from '../report/files/write-sweep.ts';
import { putInto } from '../report/files/write-report.ts';
import { within, writeDirAtomic } from '../util/atomic.ts';
import { UserError } from '../util/errors.ts';
import { asArgument, chartPreset, commandLine } from './options.ts';

interface ReportFlags {
  from: string;
  out?: string;
  preset: string;
  format: Format[];
  metrics: string[];
  force: boolean;
}

type Source = CompareResultsFile | SweepResultsFile;

function readSource(from: string): Source {
  if (!existsSync(from)) throw new UserError(`${from}: not found (expected a report directory or a sweep results .jsonl file)`);
  const dirResults = statSync(from).isDirectory() ? join(from, 'results.json') : undefined;
  if (dirResults && existsSync(dirResults)) {
    let doc: {
      kind?: string;
      header?: unknown;
      points?: unknown;
      result?: CompareResultsFile['result'];
      producer?: { tool: string; version: string; command: string };
      learning?: CompareResultsFile['learning'];
    };
    try {
      doc = JSON.parse(readTextFile(dirResults, 'results file', 512 << 20)) as typeof doc;
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`${dirResults}: not valid JSON`);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new UserError(`${dirResults}: expected a JSON object (an asapsim results file)`);
    if (doc.kind === 'sweep') {
      checkSweepLines(dirResults, doc.header, doc.points);
      return doc as unknown as SweepResultsFile;
    }
    if (doc.kind === 'compare' || doc.kind === undefined) {
      const checked = compareFileShape.safeParse(doc);
      if (!checked.success) throw new UserError(`${dirResults}: ${shapeProblem(checked.error, doc)}`);
    }
    // Reports written before results.json had a kind hold only {producer, result}.
    if ((doc.kind === 'compare' || doc.kind === undefined) && doc.result)
      return {
        kind: 'compare',
        producer: { arch: { file: doc.result.spec.arch, hash: doc.result.spec.archHash, text: '' }, ...doc.producer! },
        result: doc.result,
        learning: doc.learning,
      } as CompareResultsFile;
    throw new UserError(`${dirResults}: not an asapsim results file (expected kind "compare" or "sweep")`);
  }
  const jsonl = dirResults ? join(from, 'points.jsonl') : from;
  if (!existsSync(jsonl)) throw new UserError(`${from}: holds neither results.json nor points.jsonl`);
  const r = readResults(jsonl);
  if (!r.header) throw new UserError(`${jsonl}: no sweep header line`);
  return { kind: 'sweep', producer: r.header.producer, header: r.header, points: r.points };
}

export function register(program: Command): void {
  program
    .command('report')
    .description('re-render a report from saved results with another chart preset or formats')
    .requiredOption('--from <path>', 'a report directory (results.json), a sweep directory (points.jsonl) or a results .jsonl file')
    .option('--out <dir>', "where the report goes (default: <from>/<preset>, or <from's directory>/<preset> for a file)")
    .option('--preset <name>', `chart preset: ${presetNames.join(', ')} (single = 3.5 in, double = 7 in)`, 'screen')
    .option('--format <list>', 'chart formats: svg,png,pdf', asArgument(parseFormats), ['svg', 'png'] as Format[])
    .option('--metrics <files...>', 'training metrics JSONL files to add as learning curves', [])
    .option('--force', 'overwrite an existing output directory', false)
    .action(async (flags: ReportFlags) => {
      chartPreset(flags.preset);
      const base = existsSync(flags.from) && statSync(flags.from).isDirectory() ? flags.from : join(flags.from, '..');
      const out = flags.out ?? join(base, flags.preset);
      if (within(flags.from, out)) throw new UserError(`--out: ${out} would replace ${flags.from}, the results this report reads; choose another --out`);
      const source = readSource(flags.from);
      const added = flags.metrics.flatMap(readMetricsFile);
      const learning = [...(source.learning ?? []), ...added];
      const command = commandLine(process.argv);
      const o = { command, preset: flags.preset, formats: flags.format, learning: learning.length ? learning : undefined };
      await writeDirAtomic(out, flags.force, (dir) => {
        const put = putInto(dir, []);
        return source.kind === 'sweep'
          ? fillSweepReport(source.header, source.points, o, put)
          : fillCompareReport(source.result, { ...o, arch: source.producer.arch }, put);
      });
      console.log(`report: ${join(out, 'index.html')} (${flags.preset}; ${flags.format.join(', ')})`);
    });
}
