// Writes a compare report directory: summary.json, results.json (everything, for `asapsim report` to
// re-render), layers.csv, each chart as .vl.json plus the asked formats, and index.html. Built in a
// staging directory and renamed into place (all or nothing).
import type { CompareResult } from '../../analysis/compare.ts';
import { roleGroupLabels, roleGroupNames } from '../../analysis/roles.ts';
import type { LoadedArch } from '../../arch/loader.ts';
import { writeDirAtomic } from '../../util/atomic.ts';
import { TOOL, VERSION } from '../../util/version.ts';
import { chartPresets, compareCharts } from '../charts/compare.ts';
import { layerCsv } from './csv.ts';
import { mib, pct } from '../format.ts';
import { escape, htmlTable, reportHtml } from './html.ts';
import { learningCurves, type CurveRecord } from '../charts/learning-curves.ts';
import type { Format } from '../render/render.ts';
import { producedBy, putInto, renderCharts, type Put } from './write-report.ts';
import { jsonText } from '../../util/jsonl.ts';

export { producedBy } from './write-report.ts';

export interface ReportOptions {
  dir: string;
  force: boolean;
  command: string;
  arch: Pick<LoadedArch, 'file' | 'hash' | 'text'>;
  preset?: string;
  formats?: Format[];
  learning?: CurveRecord[];
}

/** What results.json holds for a compare report. */
export interface CompareResultsFile {
  kind: 'compare';
  producer: { tool: string; version: string; command: string; arch: { file: string; hash: string; text: string } };
  result: CompareResult;
  learning?: CurveRecord[];
}

export function summaryJson(result: CompareResult, command: string) {
  return {
    producer: { tool: TOOL, version: VERSION, command, archHash: result.spec.archHash },
    spec: result.spec,
    baseline: result.baseline,
    summaries: result.summaries,
    runs: result.runs.map((r) => ({
      trace: r.trace,
      arch: r.arch,
      totals: r.totals,
      byRole: r.byRole,
      stash: r.stash,
      time: r.time,
      energy: r.energy,
      dramDetail: r.dramDetail,
    })),
  };
}

export function compareTable(result: CompareResult): string {
  const head = [
    'rule',
    ...roleGroupNames.map((g) => roleGroupLabels[g]),
    'DRAM total (MiB)',
    `saving vs ${result.baseline}`,
    'stash (MiB)',
    'step time (ms)',
    'energy (mJ)',
  ];
  const rows = result.summaries.map((r) => [
    r.label,
    ...roleGroupNames.map((g) => mib(r.byGroup[g].read + r.byGroup[g].write)),
    mib(r.dramTotal),
    pct(r.savingPct),
    mib(r.stashBytes),
    (r.timeNs / 1e6).toFixed(2),
    (r.energyJ * 1e3).toFixed(1),
  ]);
  return htmlTable(head, rows);
}

/** Fills a directory with the report's files (used by compare and by `asapsim report`). */
export async function fillCompareReport(result: CompareResult, o: Omit<ReportOptions, 'dir' | 'force'>, put: Put): Promise<void> {
  const by = producedBy(o.command, o.arch.hash);
  const preset = chartPresets[o.preset ?? 'screen'];
  const charts = compareCharts(result, preset, by);
  if (o.learning?.length) charts.push(learningCurves(o.learning, preset, by));
  const file: CompareResultsFile = {
    kind: 'compare',
    producer: { tool: TOOL, version: VERSION, command: o.command, arch: { file: o.arch.file, hash: o.arch.hash, text: o.arch.text } },
    result,
    learning: o.learning,
  };
  put('summary.json', jsonText(summaryJson(result, o.command), 2) + '\n');
  put('results.json', jsonText(file) + '\n');
  put('layers.csv', layerCsv(result, by));
  const page = await renderCharts(charts, o.formats ?? ['svg', 'png'], by, put);
  const s = result.spec;
  put(
    'index.html',
    reportHtml({
      title: `asapsim: ${s.model} ${s.rules.join(' vs ')}`,
      heading: `DRAM traffic of one training step: ${s.rules.join(' vs ')}`,
      intro: `<p>${escape(s.model)}, batch ${s.batch}, input ${s.inputShape.join('×')}, ${s.classes} classes, width ×${s.width}; accelerator <b>${escape(s.arch)}</b> (config ${escape(s.archHash)}), DRAM model <b>${escape(s.dramModel)}</b>, stash policy <b>${escape(s.stash)}</b>. DRAM bytes by tensor role (read + write); saving is relative to ${escape(result.baseline)}. Charts: preset <b>${escape(preset.name)}</b>.</p>`,
      tables: compareTable(result),
      charts: page,
      provenance: { version: VERSION, command: o.command, configs: [{ label: 'Arch config', file: o.arch.file, hash: o.arch.hash, text: o.arch.text }] },
    }),
  );
}

export async function writeCompareReport(result: CompareResult, o: ReportOptions): Promise<string[]> {
  const written: string[] = [];
  await writeDirAtomic(o.dir, o.force, (dir) => fillCompareReport(result, o, putInto(dir, written)));
  return written;
}
