// Vega-Lite specs with inline data: each a self-contained artifact a paper can take as it is.
import type { TopLevelSpec } from 'vega-lite';
import type { CompareResult } from '../analysis/compare.ts';
import { roleGroupLabels, roleGroupNames, groupOf } from '../analysis/roles.ts';
import { dramTotal } from '../sim/stats.ts';
import type { TensorRole } from '../trace/schema.ts';
import { okabeIto, ruleScale } from './palette.ts';

const MiB = 2 ** 20;

export interface ChartPreset {
  name: string;
  width: number; // px of the plotting area
  fontSize: number;
}

/** Screen by default; paper presets size for 3.5 in (single column) and 7 in (double column) at 72 px/in. */
export const chartPresets: Record<string, ChartPreset> = {
  screen: { name: 'screen', width: 480, fontSize: 11 },
  single: { name: 'single', width: 3.5 * 72 - 60, fontSize: 8 },
  double: { name: 'double', width: 7 * 72 - 90, fontSize: 9 },
};

export interface Chart {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

function config(preset: ChartPreset) {
  return {
    font: 'DejaVu Sans',
    axis: { labelFontSize: preset.fontSize, titleFontSize: preset.fontSize },
    legend: { labelFontSize: preset.fontSize, titleFontSize: preset.fontSize },
    title: { fontSize: preset.fontSize + 1 },
    view: { stroke: null },
  };
}

function provenance(result: CompareResult, producedBy: string): string {
  const s = result.spec;
  return `${s.model}, batch ${s.batch}, arch ${s.arch} (${s.archHash}), DRAM ${s.dramModel}, stash ${s.stash}; ${producedBy}`;
}

export function trafficByRole(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const values = result.summaries.flatMap((s) =>
    roleGroupNames.map((g) => ({ rule: s.label, role: roleGroupLabels[g], order: roleGroupNames.indexOf(g), MiB: (s.byGroup[g].read + s.byGroup[g].write) / MiB })),
  );
  return {
    name: 'traffic-by-role',
    title: 'DRAM traffic per step by tensor role',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: provenance(result, producedBy),
      title: 'DRAM traffic per training step',
      width: preset.width,
      height: Math.round(preset.width * 0.6),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'rule', type: 'nominal', sort: result.summaries.map((s) => s.label), title: null, axis: { labelAngle: 0 } },
        y: { field: 'MiB', type: 'quantitative', aggregate: 'sum', title: 'DRAM traffic (MiB)' },
        color: { field: 'role', type: 'nominal', title: 'tensor role', sort: roleGroupNames.map((g) => roleGroupLabels[g]), scale: { domain: roleGroupNames.map((g) => roleGroupLabels[g]), range: okabeIto.slice(0, roleGroupNames.length) } },
        order: { field: 'order', type: 'quantitative' },
      },
      config: config(preset),
    } as TopLevelSpec,
  };
}

export function stashByRole(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const values = result.summaries.flatMap((s) => Object.entries(s.stashByRole).map(([role, bytes]) => ({ rule: s.label, role, MiB: bytes! / MiB })));
  return {
    name: 'stash-by-role',
    title: 'Kept for the backward pass',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: provenance(result, producedBy),
      title: 'Saved for backward (stash) per step',
      width: preset.width,
      height: Math.round(preset.width * 0.6),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'rule', type: 'nominal', sort: result.summaries.map((s) => s.label), title: null, axis: { labelAngle: 0 } },
        y: { field: 'MiB', type: 'quantitative', aggregate: 'sum', title: 'stash (MiB)' },
        color: { field: 'role', type: 'nominal', title: 'what is kept', scale: { domain: ['saved_activation', 'bn_state', 'relu_mask', 'pool_index'], range: okabeIto.slice(0, 4) } },
      },
      config: config(preset),
    } as TopLevelSpec,
  };
}

export function perLayer(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const values = result.runs.flatMap((r) => r.byLayer.filter((l) => !l.layer.startsWith('(')).map((l, i) => ({ rule: r.trace.label, layer: l.layer, order: i, MiB: dramTotal(l.traffic) / MiB })));
  const layers = result.runs[0]?.byLayer.filter((l) => !l.layer.startsWith('(')).map((l) => l.layer) ?? [];
  const labels = result.summaries.map((s) => s.label);
  return {
    name: 'traffic-per-layer',
    title: 'DRAM traffic per layer',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: provenance(result, producedBy),
      title: 'DRAM traffic per layer (forward + backward + update)',
      width: Math.max(preset.width, layers.length * 6),
      height: Math.round(preset.width * 0.5),
      data: { values },
      mark: { type: 'line', point: true, tooltip: true },
      encoding: {
        x: { field: 'layer', type: 'nominal', sort: layers, title: null, axis: { labelAngle: -60, labelFontSize: Math.max(6, preset.fontSize - 2) } },
        y: { field: 'MiB', type: 'quantitative', title: 'DRAM traffic (MiB)' },
        color: { field: 'rule', type: 'nominal', title: 'rule', scale: ruleScale(labels) },
      },
      config: config(preset),
    } as TopLevelSpec,
  };
}

export function bandwidthTimeline(result: CompareResult, preset: ChartPreset, producedBy: string, points = 200): Chart {
  const labels = result.summaries.map((s) => s.label);
  const values = result.runs.flatMap((r) => {
    const total = r.time.totalNs || 1;
    const bins = new Float64Array(points);
    for (const o of r.ops) {
      const span = Math.max(o.endNs - o.startNs, 1e-9);
      const first = Math.min(points - 1, Math.floor((o.startNs / total) * points));
      const last = Math.min(points - 1, Math.floor((o.endNs / total) * points));
      for (let b = first; b <= last; b++) {
        const lo = Math.max(o.startNs, (b * total) / points);
        const hi = Math.min(o.endNs, ((b + 1) * total) / points);
        if (hi > lo) bins[b] += (o.dramBytes * (hi - lo)) / span;
      }
    }
    const binNs = total / points;
    return Array.from(bins, (bytes, b) => ({ rule: r.trace.label, ms: ((b + 0.5) * binNs) / 1e6, GBps: bytes / binNs }));
  });
  return {
    name: 'bandwidth-timeline',
    title: 'DRAM bandwidth over one step',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: provenance(result, producedBy),
      title: 'DRAM bandwidth over one training step',
      width: preset.width,
      height: Math.round(preset.width * 0.45),
      data: { values },
      mark: { type: 'line', tooltip: true, strokeWidth: 1 },
      encoding: {
        x: { field: 'ms', type: 'quantitative', title: 'time (ms)' },
        y: { field: 'GBps', type: 'quantitative', title: 'DRAM bandwidth (GB/s)' },
        color: { field: 'rule', type: 'nominal', title: 'rule', scale: ruleScale(labels) },
      },
      config: config(preset),
    } as TopLevelSpec,
  };
}

export function compareCharts(result: CompareResult, preset: ChartPreset, producedBy: string): Chart[] {
  return [trafficByRole(result, preset, producedBy), stashByRole(result, preset, producedBy), perLayer(result, preset, producedBy), bandwidthTimeline(result, preset, producedBy)];
}

export type { TensorRole };
void groupOf;
