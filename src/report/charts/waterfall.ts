// The waterfall chart: the baseline's DRAM bytes, one floating bar per cause (up = the rule moves more,
// down = less), the rule's bytes. The bars come from explain's chain of counterfactual runs and sum
// exactly to the difference (src/analysis/explain/waterfall.ts).
import type { TopLevelSpec } from 'vega-lite';
import type { Waterfall } from '../../analysis/explain/waterfall.ts';
import { frame, type ChartPreset } from './style.ts';
import { MiB } from '../format.ts';
import { categoryScale } from './palette.ts';
import type { Chart } from './compare.ts';

const kinds = ['total', 'more DRAM bytes', 'fewer DRAM bytes'];

export function waterfallValues(w: Waterfall) {
  let level = w.baselineBytes;
  const rows = [{ step: `${w.baseline}`, start: 0, end: w.baselineBytes / MiB, deltaMiB: w.baselineBytes / MiB, kind: 'total', order: 0 }];
  w.bars.forEach((b, i) => {
    rows.push({
      step: b.cause,
      start: level / MiB,
      end: (level + b.bytes) / MiB,
      deltaMiB: b.bytes / MiB,
      kind: b.bytes >= 0 ? kinds[1] : kinds[2],
      order: i + 1,
    });
    level += b.bytes;
  });
  rows.push({ step: `${w.rule}`, start: 0, end: w.ruleBytes / MiB, deltaMiB: w.ruleBytes / MiB, kind: 'total', order: w.bars.length + 1 });
  return rows;
}

export function waterfallChart(w: Waterfall, preset: ChartPreset, description: string, name = `waterfall-${w.rule.replace(/[^a-z0-9]+/gi, '')}`): Chart {
  const values = waterfallValues(w);
  const title = `Why ${w.rule} moves ${w.ruleBytes >= w.baselineBytes ? 'more' : 'fewer'} DRAM bytes than ${w.baseline}`;
  return {
    name,
    title,
    spec: {
      ...frame(preset, { title, description, aspect: 0.55 }),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'step', type: 'nominal', sort: values.map((v) => v.step), title: null, axis: { labelAngle: -35, labelLimit: 160 } },
        y: { field: 'start', type: 'quantitative', title: 'DRAM traffic per step (MiB)', scale: { zero: false } },
        y2: { field: 'end' },
        color: { field: 'kind', type: 'nominal', title: null, sort: kinds, scale: categoryScale(kinds) },
        tooltip: [
          { field: 'step', type: 'nominal' },
          { field: 'deltaMiB', type: 'quantitative', format: '+.1f', title: 'MiB' },
        ],
      },
    } as TopLevelSpec,
  };
}
