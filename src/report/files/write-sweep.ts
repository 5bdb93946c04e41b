// Writes a sweep's report: results.json (the header and every point, for `asapsim report` to re-render),
// summary.json (the summary table), sweep.csv, the sweep charts in the asked formats, and index.html.
import type { HeaderLine, PointLine } from '../../sweep/results.ts';
import { sweepRows } from '../../sweep/table.ts';
import { TOOL, VERSION } from '../../util/version.ts';
import { chartPreset } from '../charts/style.ts';
import { escape, htmlTable, reportHtml } from './html.ts';
import { learningCurves, type CurveRecord } from '../charts/learning-curves.ts';
import { sweepCharts } from '../charts/sweep.ts';
import { sweepCsv, sweepCsvMetadata } from './sweep-csv.ts';
import { RESULTS_VERSION, type SweepResultsFile } from './results-json.ts';
import { sweepSummaryTable } from './sweep-summary.ts';
import { chosenCharts, producedBy, renderCharts, type ChartChoice, type Put } from './write-report.ts';

export type { SweepResultsFile } from './results-json.ts';

export interface SweepReportOptions extends ChartChoice {
  command: string;
  learning?: CurveRecord[];
}

export async function fillSweepReport(header: HeaderLine, points: PointLine[], o: SweepReportOptions, put: Put): Promise<void> {
  const d = header.description;
  const by = `${producedBy(o.command, d.arch.hash)}; sweep ${header.sweep}`;
  const preset = chartPreset(o.preset, o.aspect);
  const rows = sweepRows(d, points);
  const table = sweepSummaryTable(d, rows);
  const all = sweepCharts(d, rows, preset, by);
  if (o.learning?.length) all.push(learningCurves(o.learning, preset, by));
  const charts = chosenCharts(all, o.charts);
  const file: SweepResultsFile = {
    kind: 'sweep',
    version: RESULTS_VERSION,
    producer: { tool: TOOL, version: VERSION, command: o.command },
    header,
    points,
    learning: o.learning,
  };
  put('results.json', JSON.stringify(file) + '\n');
  put(
    'summary.json',
    JSON.stringify(
      {
        version: RESULTS_VERSION,
        producer: { tool: TOOL, version: VERSION, command: o.command, archHash: d.arch.hash, sweep: header.sweep },
        points: points.length,
        total: header.total,
        table,
      },
      null,
      2,
    ) + '\n',
  );
  put('sweep.csv', sweepCsv(d, rows));
  put('sweep.csv-metadata.json', sweepCsvMetadata(d, by));
  const page = await renderCharts(charts, o.formats ?? ['svg', 'png'], by, put);
  const missing = header.total - points.length;
  const axes = d.axes.map((a) => `<b>${escape(a.key)}</b> ∈ {${a.values.map((v) => escape(String(v))).join(', ')}}`).join('; ');
  put(
    'index.html',
    reportHtml({
      title: `asapsim sweep: ${d.name}`,
      heading: `Sweep ${d.name}: DRAM traffic of one training step`,
      intro: `<p>${escape(d.models.join(', '))} on ${escape(d.input)} inputs, batch ${d.batches.join(', ')}, width ×${d.width}; rules ${escape(d.rules.join(', '))} (saving against ${escape(d.rules[0])}); base accelerator <b>${escape(d.arch.name)}</b> (config ${escape(d.arch.hash)})${axes ? `; swept: ${axes}` : ''}. Sweep ${escape(header.sweep)}: ${points.length} of ${header.total} points${missing > 0 ? ` (<b>${missing} missing</b>)` : ''}. Charts: preset <b>${escape(preset.name)}</b>.</p>`,
      tables: htmlTable(table.head, table.rows),
      charts: page,
      provenance: { version: VERSION, command: o.command, configs: [{ label: 'Base arch config', file: d.arch.file, hash: d.arch.hash, text: d.arch.text }] },
    }),
  );
}
