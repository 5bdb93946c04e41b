// The tornado chart: for each knob, the range of the rule's DRAM saving over the baseline across the
// knob's alternatives (a bar from the smallest to the largest), each alternative a labelled point, the
// config's own value marked; knobs sorted by the width of their range. Negative = the rule costs more.
import type { TopLevelSpec } from 'vega-lite';
import type { Tornado } from '../../analysis/explain/tornado.ts';
import { frame, type ChartPreset } from './style.ts';
import type { Chart } from './compare.ts';

export function tornadoChart(t: Tornado, rule: string, baseline: string, preset: ChartPreset, description: string, name = 'tornado'): Chart {
  const knobs = [...t.knobs].sort((a, b) => b.max - b.min - (a.max - a.min)).map((k) => k.knob);
  const ranges = t.knobs.map((k) => ({ knob: k.knob, min: k.min, max: k.max }));
  const points = t.knobs.flatMap((k) =>
    k.points.map((p) => ({ knob: k.knob, value: p.value, saving: p.savingPct, config: p.value === k.base ? 'config value' : 'alternative' })),
  );
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
          encoding: { y, x: { field: 'min', type: 'quantitative', title: `saving vs ${baseline} (% of DRAM bytes; negative = cost)` }, x2: { field: 'max' } },
        },
        {
          data: { values: points },
          mark: { type: 'point', filled: true, tooltip: true },
          encoding: { y, x: { field: 'saving', type: 'quantitative' }, shape: { field: 'config', type: 'nominal', title: null } },
        },
        {
          data: { values: points },
          mark: { type: 'text', dy: -8, fontSize: Math.max(5, preset.fontSize - 3) },
          encoding: { y, x: { field: 'saving', type: 'quantitative' }, text: { field: 'value' } },
        },
        { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeDash: [3, 3] }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
      ],
    } as TopLevelSpec,
  };
}
