// Vega-Lite specs of a sweep: DRAM traffic against the main swept key per rule (log x for sizes), the saving
// against the baseline rule as a line per rule for one swept key or a heatmap over two, and traffic by tensor role
// and energy by component along the main key, one panel per rule. The main key is buffer.capacity when it
// is swept, else the first numeric swept key. Keys a chart does not show are held at their first value, and
// the spec's description says so.
import type { TopLevelSpec } from 'vega-lite';
import { roleGroupLabels, roleGroupNames } from '../../analysis/roles.ts';
import { sweepDims, type Dim, type SweepRow } from '../../sweep/table.ts';
import type { SweepDescription } from '../../sweep/spec.ts';
import { numericValue, type GridValue } from '../../sweep/values.ts';
import { cellWidth, facetFrame, frame, labelRoom, legendFor, yAxisRoom, type ChartPreset } from './style.ts';
import { keyLabel } from '../labels.ts';
import { MiB } from '../format.ts';
import type { Chart } from './compare.ts';
import { categoryScale, ruleScale, savingScheme } from './palette.ts';

const text = (v: GridValue) => String(v);

function mainDim(dims: Dim[]): Dim | undefined {
  return dims.find((d) => d.key === 'buffer.capacity') ?? dims.find((d) => d.numeric) ?? dims[0];
}

/** Rows with every dimension not in `shown` at its first value; and a note naming those held values. */
function holdOthers(rows: SweepRow[], dims: Dim[], shown: Dim[]): { rows: SweepRow[]; note: string } {
  const held = dims.filter((d) => !shown.includes(d));
  return {
    rows: rows.filter((r) => held.every((d) => d.of(r) === d.values[0])),
    note: held.length ? `; ${held.map((d) => `${d.key} = ${text(d.values[0])}`).join(', ')}` : '',
  };
}

function describe(d: SweepDescription, producedBy: string, note = ''): string {
  return `sweep ${d.name}: ${d.models.join('/')} on ${d.input}, batch ${d.batches.join('/')}, arch ${d.arch.name} (${d.arch.hash})${note}; ${producedBy}`;
}

/** Log base 2 when a numeric dimension spans a wide range (buffer sizes): the axis title says so. */
function isLog(dim: Dim): boolean {
  const mags = dim.values.map(numericValue);
  return Math.min(...mags) > 0 && Math.max(...mags) / Math.min(...mags) >= 8;
}

/** A continuous x encoding for a numeric dimension: log base 2 when it spans a wide range, labels as typed. */
function numericX(dim: Dim, preset: ChartPreset, plotWidth: number) {
  const mags = dim.values.map(numericValue);
  const log = isLog(dim);
  const maxLabels = Math.max(2, Math.floor(plotWidth / (preset.fontSize * 4.5)));
  const step = Math.ceil(mags.length / maxLabels);
  const ticks = mags.filter((_, i) => i % step === 0);
  const labelExpr = dim.values.map((v, i) => `datum.value == ${mags[i]} ? ${JSON.stringify(text(v))} : `).join('') + "''";
  return {
    field: 'x',
    type: 'quantitative' as const,
    title: `${keyLabel(dim.key)}${log ? ' (log₂ scale)' : ''}`,
    scale: log ? { type: 'log' as const, base: 2 } : { zero: false },
    axis: { values: ticks, labelExpr, labelFlush: false, grid: true },
  };
}

export function trafficVsSweep(d: SweepDescription, rows: SweepRow[], preset: ChartPreset, producedBy: string): Chart | undefined {
  const dims = sweepDims(d);
  const dim = mainDim(dims);
  if (!dim) return undefined;
  const held = holdOthers(rows, dims, [dim]);
  const values = held.rows.map((r) => ({
    rule: r.rule,
    x: numericValue(dim.of(r)),
    value: text(dim.of(r)),
    MiB: r.result.summary.dramTotal / MiB,
    saving: r.savingPct === undefined ? null : Number(r.savingPct.toFixed(2)),
  }));
  const title = `DRAM traffic per training step vs ${dim.key}`;
  const f = frame(preset, { title, description: describe(d, producedBy, held.note), aspect: 0.62 });
  const plotWidth = (f.width as number) - (preset.paper ? yAxisRoom(preset) : 0);
  const color = { field: 'rule', type: 'nominal' as const, title: 'rule', scale: ruleScale(d.rules), legend: legendFor(preset, d.rules) };
  const tooltip = [
    { field: 'rule' },
    { field: 'value', title: dim.key },
    { field: 'MiB', format: '.1f' },
    { field: 'saving', title: `saving vs ${d.rules[0]} (%)` },
  ];
  const encoding = dim.numeric
    ? {
        x: numericX(dim, preset, plotWidth),
        y: { field: 'MiB', type: 'quantitative', title: 'DRAM traffic (MiB)' },
        color,
        shape: { field: 'rule', type: 'nominal', title: 'rule', sort: d.rules, legend: legendFor(preset, d.rules) },
        tooltip,
      }
    : {
        x: { field: 'value', type: 'nominal', sort: dim.values.map(text), title: keyLabel(dim.key), axis: { labelAngle: 0 } },
        xOffset: { field: 'rule', sort: d.rules },
        y: { field: 'MiB', type: 'quantitative', title: 'DRAM traffic (MiB)' },
        color,
        tooltip,
      };
  return {
    name: 'traffic-vs-sweep',
    title,
    spec: {
      ...f,
      data: { values },
      mark: dim.numeric
        ? { type: 'line', point: { size: preset.paper ? 14 : 36, filled: false, strokeWidth: 1 }, strokeWidth: preset.paper ? 1 : 1.5 }
        : { type: 'bar' },
      encoding,
    } as TopLevelSpec,
  };
}

/** One swept key: the saving of each rule against the baseline along it, a line per rule (bars for names). */
export function savingVsSweep(d: SweepDescription, rows: SweepRow[], preset: ChartPreset, producedBy: string): Chart | undefined {
  const dims = sweepDims(d);
  const others = d.rules.slice(1);
  if (others.length === 0 || dims.length !== 1) return undefined;
  const [dim] = dims;
  const values = rows
    .filter((r) => r.rule !== d.rules[0] && r.savingPct !== undefined)
    .map((r) => ({ rule: r.rule, x: numericValue(dim.of(r)), value: text(dim.of(r)), saving: Number(r.savingPct!.toFixed(2)) }));
  const title = `DRAM traffic saved vs ${d.rules[0]} (%) along ${keyLabel(dim.key)}`;
  const f = frame(preset, { title, description: describe(d, producedBy), aspect: 0.55 });
  const plotWidth = (f.width as number) - (preset.paper ? yAxisRoom(preset) : 0);
  const color = { field: 'rule', type: 'nominal' as const, title: 'rule', scale: ruleScale(others), legend: legendFor(preset, others) };
  const y = { field: 'saving', type: 'quantitative' as const, title: `saving vs ${d.rules[0]} (%)` };
  const tooltip = [{ field: 'rule' }, { field: 'value', title: dim.key }, { field: 'saving', title: 'saving (%)', format: '.2f' }];
  const marks = dim.numeric
    ? {
        mark: { type: 'line', point: { size: preset.paper ? 14 : 36, filled: false, strokeWidth: 1 }, strokeWidth: preset.paper ? 1 : 1.5 },
        encoding: {
          x: numericX(dim, preset, plotWidth),
          y,
          color,
          shape: { field: 'rule', type: 'nominal', sort: others, legend: legendFor(preset, others) },
          tooltip,
        },
      }
    : {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'value', type: 'nominal', sort: dim.values.map(text), title: keyLabel(dim.key), axis: { labelAngle: 0 } },
          xOffset: { field: 'rule', sort: others },
          y,
          color,
          tooltip,
        },
      };
  // "No saving" drawn, so a cost (negative saving) reads as one at a glance.
  const zero = {
    data: { values: [{ zero: 0 }] },
    mark: { type: 'rule', color: '#666', strokeWidth: 0.75 },
    encoding: { y: { field: 'zero', type: 'quantitative' } },
  };
  return { name: 'saving-vs-sweep', title, spec: { ...f, layer: [{ data: { values }, ...marks }, zero] } as unknown as TopLevelSpec };
}

export function savingsHeatmap(d: SweepDescription, rows: SweepRow[], preset: ChartPreset, producedBy: string): Chart | undefined {
  const dims = sweepDims(d);
  const others = d.rules.slice(1);
  if (others.length === 0 || dims.length < 2) return undefined;
  const [xd, yd] = dims;
  const held = holdOthers(rows, dims, yd ? [xd, yd] : [xd]);
  const values = held.rows
    .filter((r) => r.rule !== d.rules[0] && r.savingPct !== undefined)
    .map((r) => ({ rule: r.rule, x: text(xd.of(r)), y: yd ? text(yd.of(r)) : r.rule, saving: Number(r.savingPct!.toFixed(2)) }));
  const title = `DRAM traffic saved vs ${d.rules[0]} (%)`;
  // A symmetric domain centres the diverging scheme on "no saving" whatever the sign of the data.
  const span = Math.max(1, ...values.map((v) => Math.ceil(Math.abs(v.saving))));
  const panels = yd ? others.length : 1;
  const yValues = yd ? yd.values.map(text) : others;
  const width = cellWidth(preset, panels, 90, labelRoom(preset, yValues, !!yd));
  const cell = {
    width,
    height: Math.max(preset.fontSize * 1.8 * yValues.length, 40),
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'saving',
            type: 'quantitative',
            title: 'saving (%)',
            scale: { scheme: savingScheme, domain: [-span, span] },
            legend: preset.paper ? { orient: 'top', gradientLength: Math.min(120, width * panels * 0.6), gradientThickness: 6 } : {},
          },
        },
      },
      {
        mark: { type: 'text', fontSize: Math.max(5, preset.fontSize - 2), baseline: 'middle' },
        encoding: { text: { field: 'saving', type: 'quantitative', format: xd.values.length > 8 && preset.paper ? '.0f' : '.1f' }, color: { value: '#000' } },
      },
    ],
    encoding: {
      x: {
        field: 'x',
        type: 'ordinal',
        sort: xd.values.map(text),
        title: keyLabel(xd.key),
        axis: { labelAngle: xd.values.length > 4 ? (preset.paper ? -90 : -45) : 0, labelOverlap: 'greedy' },
      },
      y: { field: 'y', type: 'ordinal', sort: yValues, title: yd ? keyLabel(yd.key) : null },
      // On both layers, so hovering a cell's number shows the tooltip too.
      tooltip: [
        { field: 'rule' },
        { field: 'x', title: xd.key },
        { field: 'y', title: yd ? yd.key : 'rule' },
        { field: 'saving', title: 'saving (%)', format: '.2f' },
      ],
    },
  };
  const spec = yd
    ? {
        ...facetFrame(preset, { title, description: describe(d, producedBy, held.note) }),
        data: { values },
        facet: { column: { field: 'rule', type: 'nominal', sort: others, title: null } },
        spec: cell,
      }
    : { ...facetFrame(preset, { title, description: describe(d, producedBy, held.note) }), data: { values }, ...cell };
  return { name: 'savings-heatmap', title, spec: spec as unknown as TopLevelSpec };
}

/** Stacked bars along the main key, one panel per rule. */
function stackedPanels(
  name: string,
  title: string,
  d: SweepDescription,
  rows: SweepRow[],
  preset: ChartPreset,
  producedBy: string,
  parts: Array<{ label: string; of: (r: SweepRow) => number }>,
  yTitle: string,
): Chart | undefined {
  const dims = sweepDims(d);
  const dim = mainDim(dims);
  const held = holdOthers(rows, dims, dim ? [dim] : []);
  const xOf = (r: SweepRow) => (dim ? text(dim.of(r)) : r.rule);
  const all = held.rows.flatMap((r) => parts.map((p, order) => ({ rule: r.rule, x: xOf(r), part: p.label, order, value: Number(p.of(r).toPrecision(6)) })));
  // Parts with nothing in any row (e.g. feedback weights under BP alone) are left out of chart and legend.
  const labels = parts.map((p) => p.label).filter((l) => all.some((v) => v.part === l && v.value > 0));
  const values = all.filter((v) => labels.includes(v.part));
  const panels = dim ? d.rules.length : 1;
  const width = cellWidth(preset, panels, 120);
  const cell = {
    width,
    height: Math.round(Math.min(width * 1.2, preset.width * 0.45)),
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: dim
        ? {
            field: 'x',
            type: 'ordinal',
            sort: dim.values.map(text),
            title: keyLabel(dim.key),
            axis: { labelAngle: preset.paper ? -90 : -45, labelOverlap: 'greedy' },
          }
        : { field: 'rule', type: 'nominal', sort: d.rules, title: null },
      y: { field: 'value', type: 'quantitative', aggregate: 'sum', title: yTitle },
      color: { field: 'part', type: 'nominal', title: null, sort: labels, scale: categoryScale(labels), legend: legendFor(preset, labels) },
      order: { field: 'order', type: 'quantitative' },
    },
  };
  const head = facetFrame(preset, { title, description: describe(d, producedBy, held.note) });
  const spec = dim
    ? { ...head, data: { values }, facet: { column: { field: 'rule', type: 'nominal', sort: d.rules, title: null } }, spec: cell }
    : { ...head, data: { values }, ...cell };
  return { name, title, spec: spec as unknown as TopLevelSpec };
}

export function trafficByRoleVsSweep(d: SweepDescription, rows: SweepRow[], preset: ChartPreset, producedBy: string): Chart | undefined {
  const parts = roleGroupNames.map((g) => ({
    label: roleGroupLabels[g],
    of: (r: SweepRow) => (r.result.summary.byGroup[g].read + r.result.summary.byGroup[g].write) / MiB,
  }));
  return stackedPanels('traffic-by-role-vs-sweep', 'DRAM traffic by tensor role', d, rows, preset, producedBy, parts, 'DRAM traffic (MiB)');
}

export function energyVsSweep(d: SweepDescription, rows: SweepRow[], preset: ChartPreset, producedBy: string): Chart | undefined {
  const parts = [
    { label: 'compute', of: (r: SweepRow) => r.result.energy.computeJ * 1e3 },
    { label: 'on-chip buffer', of: (r: SweepRow) => r.result.energy.bufferJ * 1e3 },
    { label: 'DRAM', of: (r: SweepRow) => r.result.energy.dramJ * 1e3 },
  ];
  return stackedPanels('energy-vs-sweep', 'Energy per training step by component', d, rows, preset, producedBy, parts, 'energy (mJ)');
}

export function sweepCharts(d: SweepDescription, rows: SweepRow[], preset: ChartPreset, producedBy: string): Chart[] {
  return [trafficVsSweep, savingVsSweep, savingsHeatmap, trafficByRoleVsSweep, energyVsSweep]
    .map((c) => c(d, rows, preset, producedBy))
    .filter((c): c is Chart => c !== undefined);
}
