// The charts compare's report takes from explain: a waterfall per rule and the tornado, when computed.
import type { CompareResult } from '../../analysis/compare.ts';
import type { Chart, ChartPreset } from './compare.ts';
import { waterfallChart } from './waterfall.ts';
import { tornadoChart } from './tornado.ts';

export function explainCharts(result: CompareResult, preset: ChartPreset, producedBy: string): Chart[] {
  const s = result.spec;
  const description = `${s.model}, batch ${s.batch}, arch ${s.arch} (${s.archHash}), DRAM ${s.dramModel}, stash ${s.stash}; ${producedBy}`;
  const charts = (result.explain?.waterfalls ?? []).map((w) => waterfallChart(w, preset, description));
  const t = result.explain?.tornado;
  if (t) charts.push(tornadoChart(t.tornado, t.rule, result.baseline, preset, description));
  return charts;
}
