// The tornado chart: for each knob, the range of the rule's DRAM saving over the baseline across the
// knob's alternatives (a bar from the smallest to the largest), each alternative a labelled point, the
// config's own value marked; knobs sorted by the width of their range. Negative = the rule costs more.
import type { TopLevelSpec } from 'vega-lite';
import type { Tornado } from '../../analysis/explain/tornado.ts';
import { frame, type ChartPreset } from './style.ts';
import type { Chart } from './compare.ts';

/** A knob as a reader names it: asap.feedback_update -> ASAP feedback update. */
const knobLabel = (knob: string): string => knob.replace(/^asap\./, 'ASAP ').replace(/[._]/g, ' ');

export function tornadoChart(t: Tornado, rule: string, baseline: string, preset: ChartPreset, description: string, name = 'tornado'): Chart {
  const knobs = [...t.knobs].sort((a, b) => b.max - b.min - (a.max - a.min)).map((k) => knobLabel(k.knob));
  const ranges = t.knobs.map((k) => ({ knob: knobLabel(k.knob), min: k.min, max: k.max }));
  const points = t.knobs.flatMap((k) =>
    k.points.map((p) => ({ knob: knobLabel(k.knob), value: p.value, saving: p.savingPct, config: p.value === k.base ? 'config value' : 'alternative' })),
  );
  // Only each knob's two ends are named on the chart (the values between crowd each other); the tooltip
  // names every point.
  const ends = t.knobs.flatMap((k) => {
    const sorted = [...k.points].sort((a, b) => a.savingPct - b.savingPct);
    const [low, high] = [sorted[0]!, sorted[sorted.length - 1]!];
    return [
      { knob: knobLabel(k.knob), value: low.value, saving: low.savingPct, end: 'low' as const },
      ...(high === low ? [] : [{ knob: knobLabel(k.knob), value: high.value, saving: high.savingPct, end: 'high' as const }]),
    ];
  });
  const title = `DRAM saving of ${rule} over ${baseline} under each choice`;
  const y = { field: 'knob', type: 'nominal', sort: knobs, title: null };
  return {
    name,
    title,
    spec: {
      ...frame(preset, { title, description, aspect: 0.6 }),
      layer: [
        {
          data: { values: ranges },
          mark: { type: 'bar', opacity: 0.35, height: { band: 0.6 } },
          encoding: { y, x: { field: 'min', type: 'quantitative', title: `saving vs ${baseline} (%; < 0: a cost)` }, x2: { field: 'max' } },
        },
        {
          data: { values: points },
          mark: { type: 'point', filled: true, tooltip: true },
          encoding: {
            y,
            x: { field: 'saving', type: 'quantitative' },
            shape: { field: 'config', type: 'nominal', title: null, legend: preset.paper ? { orient: 'top', columns: 2 } : {} },
          },
        },
        // The low end's name reads leftwards from its point and the high end's rightwards, so close ends never overlap.
        ...(['low', 'high'] as const).map((end) => ({
          data: { values: ends.filter((p) => p.end === end) },
          mark: { type: 'text', dy: -8, align: end === 'low' ? 'right' : 'left', dx: end === 'low' ? -4 : 4, fontSize: Math.max(5, preset.fontSize - 3) },
          encoding: { y, x: { field: 'saving', type: 'quantitative' }, text: { field: 'value' } },
        })),
        { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeDash: [3, 3] }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
      ],
    } as TopLevelSpec,
  };
}
