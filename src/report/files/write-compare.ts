// Writes a compare report directory: summary.json, results.json (everything, for `asapsim report` to
// re-render), layers.csv, ops.csv (op × tensor), each chart as .vl.json plus the asked formats, and index.html. Built in a
// staging directory and renamed into place (all or nothing).
import type { CompareResult } from '../../analysis/compare.ts';
import { roleGroupLabels, roleGroupNames } from '../../analysis/roles.ts';
import type { LoadedArch } from '../../arch/loader.ts';
import { writeDirAtomic } from '../../util/atomic.ts';
import { TOOL, VERSION } from '../../util/version.ts';
import { compareCharts } from '../charts/compare.ts';
import { chartPreset } from '../charts/style.ts';
import { layerCsv, layerCsvMetadata } from './csv.ts';
import { RESULTS_VERSION, type CompareResultsFile } from './results-json.ts';
import { opsCsv, opsCsvMetadata } from './ops-csv.ts';
import { describeModel } from '../../sim/stats.ts';
import { mib } from '../format.ts';
import { escape, htmlTable, reportHtml } from './html.ts';
import { learningCurves, type CurveRecord } from '../charts/learning-curves.ts';
import { chosenCharts, producedBy, putInto, renderCharts, type ChartChoice, type Put } from './write-report.ts';
import type { Format } from '../render/render.ts';
import { explainCharts } from '../charts/explain.ts';
import { alignedCsv, alignedCsvMetadata } from './aligned-csv.ts';
import { savingText } from '../../analysis/explain/format.ts';
import { savingPct } from '../../analysis/explain/tornado.ts';
import { jsonText } from '../../util/jsonl.ts';

export { producedBy } from './write-report.ts';

export interface ReportOptions extends ChartChoice {
  dir: string;
  force: boolean;
  command: string;
  /** The arch config: its file, hash and text for provenance; its DRAM peak (config or, re-rendered, results.json) for the bandwidth chart. */
  arch: Pick<LoadedArch, 'file' | 'hash' | 'text'> & { config?: LoadedArch['config']; dramBandwidth?: number };
  learning?: CurveRecord[];
}

export type { CompareResultsFile } from './results-json.ts';

export function summaryJson(result: CompareResult, command: string) {
  return {
    version: RESULTS_VERSION,
    producer: { tool: TOOL, version: VERSION, command, archHash: result.spec.archHash },
    spec: result.spec,
    baseline: result.baseline,
    choices: result.choices,
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
    `DRAM vs ${result.baseline}`,
    'stash (MiB)',
    'step time (ms)',
    'energy (mJ)',
  ];
  const rows = result.summaries.map((r) => [
    r.label,
    ...roleGroupNames.map((g) => mib(r.byGroup[g].read + r.byGroup[g].write)),
    mib(r.dramTotal),
    r.label === result.baseline ? 'baseline' : savingText(r.savingPct),
    mib(r.stashBytes),
    (r.timeNs / 1e6).toFixed(2),
    (r.energyJ * 1e3).toFixed(1),
  ]);
  return htmlTable(head, rows);
}

/** Every choice that moves the answer, and each rule's savings with a negative saving named a cost. */
function choicesTable(result: CompareResult): string {
  const base = result.summaries[0];
  const saving = (a: number, b: number) => savingText(savingPct(a, b));
  const rows = (result.choices ?? []).map((c) => [c.choice, c.value]);
  for (const r of result.summaries.slice(1))
    rows.push([
      `${r.label} vs ${base.label}`,
      `DRAM bytes ${savingText(r.savingPct)}, time ${saving(base.timeNs, r.timeNs)}, energy ${saving(base.energyJ, r.energyJ)}`,
    ]);
  return rows.length ? htmlTable(['choice', 'value'], rows) : '';
}

/** Fills a directory with the report's files (used by compare and by `asapsim report`). */
export async function fillCompareReport(result: CompareResult, o: Omit<ReportOptions, 'dir' | 'force'>, put: Put): Promise<void> {
  const by = producedBy(o.command, o.arch.hash);
  const preset = chartPreset(o.preset, o.aspect);
  const dramBandwidth = o.arch.config?.dram.bandwidth ?? o.arch.dramBandwidth;
  const all = compareCharts(result, preset, by, dramBandwidth);
  if (o.learning?.length) all.push(learningCurves(o.learning, preset, by));
  all.push(...explainCharts(result, preset, by));
  const charts = chosenCharts(all, o.charts);
  const file: CompareResultsFile = {
    kind: 'compare',
    version: RESULTS_VERSION,
    producer: { tool: TOOL, version: VERSION, command: o.command, arch: { file: o.arch.file, hash: o.arch.hash, text: o.arch.text, dramBandwidth } },
    result,
    learning: o.learning,
  };
  put('summary.json', jsonText(summaryJson(result, o.command), 2) + '\n');
  put('results.json', jsonText(file) + '\n');
  put('layers.csv', layerCsv(result));
  put('layers.csv-metadata.json', layerCsvMetadata(by));
  put('layers-aligned.csv', alignedCsv(result));
  put('layers-aligned.csv-metadata.json', alignedCsvMetadata(result, by));
  put('ops.csv', opsCsv(result));
  put('ops.csv-metadata.json', opsCsvMetadata(result, by));
  const page = await renderCharts(charts, o.formats ?? ['svg', 'png'], by, put);
  const s = result.spec;
  put(
    'index.html',
    reportHtml({
      title: `asapsim: ${s.model} ${s.rules.join(' vs ')}`,
      heading: `DRAM traffic of one training step: ${s.rules.join(' vs ')}`,
      intro: `<p>${escape(s.model)}, batch ${s.batch}, input ${s.inputShape.join('×')}, ${s.classes} classes, width ×${s.width}; accelerator <b>${escape(s.arch)}</b> (config ${escape(s.archHash)}), DRAM model <b>${escape(s.dramModel)}</b>, stash policy <b>${escape(s.stash)}</b>; memory model: ${escape(result.runs[0] ? describeModel(result.runs[0].model) : '')} (docs/simulator.md; per op × tensor in ops.csv). DRAM bytes by tensor role (read + write); saving is relative to ${escape(result.baseline)}. Charts: preset <b>${escape(preset.name)}</b>.</p>`,
      tables: compareTable(result) + choicesTable(result),
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
