// Nothing is ever cut: every chart of every report kind, in every preset, renders with all its text inside
// the figure. resvg lays the SVG out (text shaped with the same DejaVu fonts as the PNG and PDF) and gives
// the bounding box of everything drawn; it must lie within the SVG's own width and height. No label may be
// shortened with an ellipsis either (Vega's labelLimit), and no raw identifier (saved_activation) shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resvg } from '@resvg/resvg-js';
import { compareCharts, type Chart } from '../../src/report/charts/compare.ts';
import { explainCharts } from '../../src/report/charts/explain.ts';
import { chartPreset, chartPresets } from '../../src/report/charts/style.ts';
import { sweepCharts } from '../../src/report/charts/sweep.ts';
import { learningCurves } from '../../src/report/charts/learning-curves.ts';
import { sweepRows } from '../../src/sweep/table.ts';
import { toSvg } from '../../src/report/render/render.ts';
import { curves, smallCompare, smallSweep, smallSweep1 } from './fixtures.ts';

async function everyChart(preset: string, aspect?: number): Promise<Chart[]> {
  const p = chartPreset(preset, aspect);
  const two = await smallSweep();
  const one = await smallSweep1();
  return [
    ...compareCharts(smallCompare(), p, 'test'),
    ...explainCharts(smallCompare(), p, 'test'),
    ...sweepCharts(two.header.description, sweepRows(two.header.description, two.points), p, 'test'),
    ...sweepCharts(one.header.description, sweepRows(one.header.description, one.points), p, 'test').map((c) => ({ ...c, name: `${c.name} (1 key)` })),
    learningCurves(curves(), p, 'test'),
  ];
}

function bounds(svg: string) {
  const tag = /<svg\b[^>]*>/.exec(svg)![0];
  const width = Number(/width="([\d.]+)"/.exec(tag)![1]);
  const height = Number(/height="([\d.]+)"/.exec(tag)![1]);
  // Without the white background rect, so the box is that of the marks, axes and text.
  const drawn = new Resvg(svg.replace(/<rect[^>]*class="background"[^>]*\/>/g, ''), {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).getBBox();
  return { width, height, drawn };
}

const texts = (svg: string) => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

for (const [preset, aspect] of [...Object.keys(chartPresets).map((p) => [p, undefined] as const), ['single', 0.3] as const]) {
  test(`${preset}${aspect ? ` --aspect ${aspect}` : ''}: every chart's text lies inside the figure, unshortened, in words`, async () => {
    for (const c of await everyChart(preset, aspect)) {
      const svg = await toSvg(c.spec);
      const { width, height, drawn } = bounds(svg);
      assert.ok(drawn, `${c.name}: nothing drawn`);
      const where = `${c.name}: drawn ${drawn.x.toFixed(1)},${drawn.y.toFixed(1)} ${drawn.width.toFixed(1)}x${drawn.height.toFixed(1)} in a ${width}x${height} figure`;
      assert.ok(drawn.x >= -0.5 && drawn.y >= -0.5, where);
      assert.ok(drawn.x + drawn.width <= width + 0.5 && drawn.y + drawn.height <= height + 0.5, where);
      for (const t of texts(svg)) {
        assert.ok(!t.includes('…'), `${c.name}: "${t}" shortened`);
        assert.doesNotMatch(t, /\b[a-z]+_[a-z_]+\b/, `${c.name}: "${t}" is an identifier, not a label`);
      }
    }
  });
}
