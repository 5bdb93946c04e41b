// Every chart the tool emits, in every preset: the Vega-Lite spec compiles, renders to a non-empty SVG,
// fits the paper width it promises, and keeps each rule's colour; PDFs are vector with embedded fonts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type TopLevelSpec } from 'vega-lite';
import { compareCharts, type Chart } from '../../src/report/charts/compare.ts';
import { chartPresets } from '../../src/report/charts/style.ts';
import { sweepCharts } from '../../src/report/charts/sweep.ts';
import { learningCurves } from '../../src/report/charts/learning-curves.ts';
import { sweepRows } from '../../src/sweep/table.ts';
import { renderChart, toSvg } from '../../src/report/render/render.ts';
import { ruleColor } from '../../src/report/charts/palette.ts';
import { curves, smallCompare, smallSweep } from './fixtures.ts';

async function allCharts(preset: string): Promise<Chart[]> {
  const p = chartPresets[preset];
  const { header, points } = await smallSweep();
  return [
    ...compareCharts(smallCompare(), p, 'test'),
    ...sweepCharts(header.description, sweepRows(header.description, points), p, 'test'),
    learningCurves(curves(), p, 'test'),
  ];
}

function svgSize(svg: string): { width: number; height: number } {
  const tag = /<svg\b[^>]*>/.exec(svg)![0];
  return { width: Number(/width="([\d.]+)"/.exec(tag)![1]), height: Number(/height="([\d.]+)"/.exec(tag)![1]) };
}

const expected = [
  'traffic-by-role',
  'stash-by-role',
  'traffic-per-layer',
  'energy-breakdown',
  'energy-share',
  'bandwidth-timeline',
  'traffic-vs-sweep',
  'savings-heatmap',
  'traffic-by-role-vs-sweep',
  'energy-vs-sweep',
  'learning-curves',
];

for (const preset of Object.keys(chartPresets)) {
  test(`${preset}: every spec compiles with vega-lite and renders to a non-empty SVG`, async () => {
    const charts = await allCharts(preset);
    assert.deepEqual(
      charts.map((c) => c.name),
      expected,
    );
    for (const c of charts) {
      const warnings: string[] = [];
      compile(c.spec, {
        logger: {
          level: () => 0,
          warn: (...m: unknown[]) => warnings.push(m.join(' ')),
          info: () => {},
          debug: () => {},
          error: (...m: unknown[]) => {
            throw new Error(m.join(' '));
          },
        } as never,
      });
      assert.deepEqual(warnings, [], `${c.name}: vega-lite warnings`);
      assert.ok(JSON.stringify(c.spec).includes('"values"'), `${c.name}: inline data`);
      assert.match(String((c.spec as { description?: string }).description), /test/, `${c.name}: provenance in description`);
      const svg = await toSvg(c.spec);
      const { width, height } = svgSize(svg);
      assert.ok(width > 50 && height > 30, `${c.name}: ${width}x${height}`);
      assert.match(svg, /<path|<rect|<line/, `${c.name}: has marks`);
      if (chartPresets[preset].paper)
        assert.ok(width <= chartPresets[preset].width * 1.05, `${c.name}: ${width} px wider than the ${preset} column (${chartPresets[preset].width})`);
    }
  });
}

test('paper presets use 8-9 pt fonts; a rule has the same colour in every chart', async () => {
  let checked = 0;
  for (const [preset, size] of [
    ['single', 8],
    ['double', 9],
  ] as const) {
    for (const c of await allCharts(preset)) {
      const cfg = (c.spec as { config: { axis: { labelFontSize: number }; legend: { labelFontSize: number } } }).config;
      assert.equal(cfg.axis.labelFontSize, size, c.name);
      assert.equal(cfg.legend.labelFontSize, size, c.name);
      const text = JSON.stringify(c.spec);
      const m = /"field":"rule"[^}]*"scale":\{"domain":(\[[^\]]*\]),"range":(\[[^\]]*\])/.exec(text);
      if (!m) continue;
      const domain = JSON.parse(m[1]) as string[];
      const range = JSON.parse(m[2]) as string[];
      domain.forEach((rule, i) => assert.equal(range[i], ruleColor(rule), `${c.name}: ${rule}`));
      checked++;
    }
  }
  assert.ok(checked >= 8, `rule colour scales checked: ${checked}`);
});

test('a chart renders to stamped SVG, PNG, and vector PDF with embedded fonts at the column width', async () => {
  const chart = compareCharts(smallCompare(), chartPresets.single, 'x')[0];
  const out = await renderChart(chart.spec as TopLevelSpec, ['svg', 'png', 'pdf'], { title: chart.title, producedBy: 'produced by asapsim test' });
  assert.match(out.svg as string, /<desc>produced by asapsim test<\/desc>/);
  const png = Buffer.from(out.png as Uint8Array);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.ok(png.includes(Buffer.from('tEXtComment\0produced by asapsim test', 'latin1')));
  const pdf = Buffer.from(out.pdf as Uint8Array).toString('latin1');
  assert.ok(pdf.startsWith('%PDF-'));
  assert.match(pdf, /\/FontFile2/, 'TrueType font embedded');
  assert.doesNotMatch(pdf, /\/Subtype\s*\/Image/, 'no raster image');
  assert.match(pdf, /\/MediaBox \[0 0 252 [\d.]+\]/, '3.5 in wide');
});
