// The report of training runs on their own (`asapsim report --from RUN_DIR`): the learning curves of each
// run's metrics.jsonl, a table of the last epoch per run, and index.html.
import { VERSION } from '../../util/version.ts';
import { chartPreset } from '../charts/style.ts';
import { learningCurves, type CurveRecord } from '../charts/learning-curves.ts';
import { escape, htmlTable, reportHtml } from './html.ts';
import { chosenCharts, producedBy, renderCharts, type ChartChoice, type Put } from './write-report.ts';

export interface TrainingReportOptions extends ChartChoice {
  command: string;
  /** The metrics files read, for the page. */
  sources: string[];
}

export async function fillTrainingReport(records: CurveRecord[], o: TrainingReportOptions, put: Put): Promise<void> {
  const by = producedBy(o.command, 'none');
  const preset = chartPreset(o.preset, o.aspect);
  const charts = chosenCharts([learningCurves(records, preset, by)], o.charts);
  const rules = [...new Set(records.map((r) => r.rule))];
  const last = rules.map((rule) => {
    const mine = records.filter((r) => r.rule === rule);
    const epoch = Math.max(...mine.map((r) => r.epoch));
    const at = (split: string) => mine.find((r) => r.epoch === epoch && r.split === split);
    return [rule, String(epoch), ...['train', 'test'].flatMap((s) => [at(s)?.accuracy.toFixed(2) ?? '', at(s)?.loss.toFixed(4) ?? ''])];
  });
  const page = await renderCharts(charts, o.formats ?? ['svg', 'png'], by, put);
  put(
    'index.html',
    reportHtml({
      title: `asapsim: learning curves of ${rules.join(', ')}`,
      heading: `Learning curves: ${rules.join(', ')}`,
      intro: `<p>From ${o.sources.map((s) => `<code>${escape(s)}</code>`).join(', ')}. Accuracy in %, loss as the run recorded it; train is solid, test dashed. Charts: preset <b>${escape(preset.name)}</b>.</p>`,
      tables: htmlTable(['rule', 'last epoch', 'train accuracy (%)', 'train loss', 'test accuracy (%)', 'test loss'], last),
      charts: page,
      provenance: { version: VERSION, command: o.command, configs: [] },
    }),
  );
}
