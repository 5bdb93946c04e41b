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

/** A cause as an axis label: short enough for a 3.5 in column (the full name is in the tooltip and in explain's text). */
function shortCause(cause: string): string {
  if (cause.startsWith('layout')) return 'layout';
  if (cause.startsWith('changed evictions')) return 'other evictions';
  if (cause.startsWith('stash bytes')) return 'stash not kept';
  return cause;
}

export function waterfallValues(w: Waterfall) {
  let level = w.baselineBytes;
  const rows = [
    { step: `${w.baseline}`, cause: `${w.baseline}`, start: 0, end: w.baselineBytes / MiB, deltaMiB: w.baselineBytes / MiB, kind: 'total', order: 0 },
  ];
  w.bars.forEach((b, i) => {
    rows.push({
      step: shortCause(b.cause),
      cause: b.cause,
      start: level / MiB,
      end: (level + b.bytes) / MiB,
      deltaMiB: b.bytes / MiB,
      kind: b.bytes >= 0 ? kinds[1] : kinds[2],
      order: i + 1,
    });
    level += b.bytes;
  });
  rows.push({ step: `${w.rule}`, cause: `${w.rule}`, start: 0, end: w.ruleBytes / MiB, deltaMiB: w.ruleBytes / MiB, kind: 'total', order: w.bars.length + 1 });
  return rows;
}

export function waterfallChart(w: Waterfall, preset: ChartPreset, description: string, name = `waterfall-${w.rule.replace(/[^a-z0-9]+/gi, '')}`): Chart {
  const values = waterfallValues(w);
  // The causes are a few percent of the totals: the axis starts just below the lowest bar end (the totals'
  // bars are cut there, and the axis says where), so the cause bars can be read.
  const ends = values.flatMap((v) => (v.kind === 'total' ? [v.end] : [v.start, v.end]));
  const lo = Math.min(...ends);
  const hi = Math.max(...ends);
  const span = hi - lo || hi * 0.05;
  const floor = Math.max(0, lo - 0.5 * span);
  const ceiling = hi + 0.08 * span;
  // The totals' bars start where the axis does (not at 0, off the plot).
  for (const v of values) if (v.kind === 'total') v.start = floor;
  const title = `Why ${w.rule} moves ${w.ruleBytes >= w.baselineBytes ? 'more' : 'fewer'} DRAM bytes than ${w.baseline}`;
  return {
    name,
    title,
    spec: {
      // Causes down the side (their names are long), DRAM bytes along: the axis labels take the room they
      // need and the plot fits the rest of the width.
      ...frame(preset, { title, description, aspect: 0.55 }),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'step', type: 'nominal', sort: values.map((v) => v.step), title: null, axis: { labelLimit: 0 } },
        x: {
          field: 'start',
          type: 'quantitative',
          title: floor > 0 ? 'DRAM traffic per step (MiB; axis cut)' : 'DRAM traffic per step (MiB)',
          scale: { zero: false, domain: [floor, ceiling], nice: false },
          axis: { tickCount: 4 },
        },
        x2: { field: 'end' },
        color: {
          field: 'kind',
          type: 'nominal',
          title: null,
          sort: kinds,
          scale: categoryScale(kinds), // The legend starts where the plot does, right of the cause labels: one column fits there.
          legend: preset.paper ? { orient: 'top', columns: 1 } : {},
        },
        tooltip: [
          { field: 'cause', type: 'nominal' },
          { field: 'deltaMiB', type: 'quantitative', format: '+.1f', title: 'MiB' },
        ],
      },
    } as TopLevelSpec,
  };
}
