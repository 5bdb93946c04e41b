// Vega-Lite specs of one compare run, each with inline data and its provenance in `description`, so a
// spec file is a self-contained artifact: traffic by role, stash by role, per-layer traffic, energy
// breakdown and the DRAM bandwidth timeline of one step.
import type { TopLevelSpec } from 'vega-lite';
import type { CompareResult } from '../../analysis/compare.ts';
import { roleGroupLabels, roleGroupNames } from '../../analysis/roles.ts';
import { tensorRoles } from '../../trace/schema.ts';
import { tensorRoleLabels } from '../labels.ts';
import { dramTotal } from '../../sim/stats.ts';
import { cellWidth, facetFrame, frame, legendFor, type ChartPreset } from './style.ts';
import { MiB } from '../format.ts';
import { categoryScale, ruleScale } from './palette.ts';
import { alignedLayers } from './layers-aligned.ts';

export { chartPresets, type ChartPreset } from './style.ts';

export interface Chart {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

function provenance(result: CompareResult, producedBy: string): string {
  const s = result.spec;
  return `${s.model}, batch ${s.batch}, arch ${s.arch} (${s.archHash}), DRAM ${s.dramModel}, stash ${s.stash}; ${producedBy}`;
}

const ruleAxis = (result: CompareResult) => ({
  field: 'rule',
  type: 'nominal' as const,
  sort: result.summaries.map((s) => s.label),
  title: null,
  axis: { labelAngle: 0 },
});

interface StackedBars {
  name: string;
  title: string;
  values: { rule: string; role: string; MiB: number; order?: number }[];
  yTitle: string;
  colorTitle: string;
  /** Every category in stacking order; those without bytes in any rule are left out of chart and legend. */
  roles: string[];
}

/** One bar per rule, stacked by role: the shape of the traffic and stash charts. */
function stackedBars(result: CompareResult, preset: ChartPreset, producedBy: string, c: StackedBars): Chart {
  const roles = c.roles.filter((r) => c.values.some((v) => v.role === r && v.MiB > 0));
  const values = c.values.filter((v) => roles.includes(v.role));
  return {
    name: c.name,
    title: c.title,
    spec: {
      ...frame(preset, { title: c.title, description: provenance(result, producedBy) }),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: ruleAxis(result),
        y: { field: 'MiB', type: 'quantitative', aggregate: 'sum', title: c.yTitle },
        color: { field: 'role', type: 'nominal', title: c.colorTitle, sort: roles, scale: categoryScale(roles), legend: legendFor(preset, roles) },
        order: { field: 'order', type: 'quantitative' },
      },
    } as TopLevelSpec,
  };
}

export function trafficByRole(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const values = result.summaries.flatMap((s) =>
    roleGroupNames.map((g) => ({
      rule: s.label,
      role: roleGroupLabels[g],
      order: roleGroupNames.indexOf(g),
      MiB: (s.byGroup[g].read + s.byGroup[g].write) / MiB,
    })),
  );
  return stackedBars(result, preset, producedBy, {
    name: 'traffic-by-role',
    title: 'DRAM traffic per training step by tensor role',
    values,
    yTitle: 'DRAM traffic (MiB)',
    colorTitle: 'tensor role',
    roles: roleGroupNames.map((g) => roleGroupLabels[g]),
  });
}

export function stashByRole(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const roles = tensorRoles.filter((r) => result.summaries.some((s) => (s.stashByRole[r] ?? 0) > 0));
  const values = result.summaries.flatMap((s) =>
    roles.map((role, order) => ({ rule: s.label, role: tensorRoleLabels[role], order, MiB: (s.stashByRole[role] ?? 0) / MiB })),
  );
  return stackedBars(result, preset, producedBy, {
    name: 'stash-by-role',
    title: 'Saved for the backward pass (stash) per step',
    values,
    yTitle: 'stash (MiB)',
    colorTitle: 'what is kept',
    roles: roles.map((r) => tensorRoleLabels[r]),
  });
}

export function perLayer(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const values = result.runs.flatMap((r) => r.byLayer.map((l, i) => ({ rule: r.trace.label, layer: l.layer, order: i, MiB: dramTotal(l.traffic) / MiB })));
  const layers = result.runs[0]?.byLayer.map((l) => l.layer) ?? [];
  const labels = result.summaries.map((s) => s.label);
  const title = 'DRAM traffic per layer (forward + backward + update)';
  const f = frame(preset, { title, description: provenance(result, producedBy), aspect: 0.5 });
  return {
    name: 'traffic-per-layer',
    title,
    spec: {
      ...f,
      width: preset.paper ? f.width : Math.max(f.width as number, layers.length * 7),
      data: { values },
      mark: { type: 'line', point: { size: preset.paper ? 8 : 20 }, tooltip: true, strokeWidth: preset.paper ? 1 : 1.5 },
      encoding: {
        x: {
          field: 'layer',
          type: 'nominal',
          sort: layers,
          title: null,
          axis: { labelAngle: -60, labelFontSize: Math.max(5, preset.fontSize - 2), labelOverlap: 'greedy' },
        },
        y: { field: 'MiB', type: 'quantitative', title: 'DRAM traffic (MiB)' },
        color: { field: 'rule', type: 'nominal', title: 'rule', scale: ruleScale(labels), legend: legendFor(preset, labels) },
      },
    } as TopLevelSpec,
  };
}

const memoryParts = [
  ['bufferJ', 'on-chip buffer'],
  ['dramJ', 'DRAM'],
] as const;

/**
 * Memory energy (on-chip buffer + DRAM) per rule, in mJ. Compute energy, the same for every rule of one
 * model and batch, would hide the difference the rules make; it is in energy-share and in the description.
 */
export function energyBreakdown(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const values = result.runs.flatMap((r) => memoryParts.map(([k, label], order) => ({ rule: r.trace.label, component: label, order, mJ: r.energy[k] * 1e3 })));
  const parts = memoryParts.map((p) => p[1]);
  const compute = result.runs.map((r) => `${r.trace.label} ${(r.energy.computeJ * 1e3).toFixed(1)} mJ`).join(', ');
  const title = 'Memory energy per training step';
  return {
    name: 'energy-breakdown',
    title,
    spec: {
      ...frame(preset, { title, description: `compute energy, not drawn: ${compute}; ${provenance(result, producedBy)}` }),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: ruleAxis(result),
        y: { field: 'mJ', type: 'quantitative', aggregate: 'sum', title: 'memory energy (mJ)' },
        color: { field: 'component', type: 'nominal', title: 'spent in', sort: parts, scale: categoryScale(parts), legend: legendFor(preset, parts) },
        order: { field: 'order', type: 'quantitative' },
      },
    } as TopLevelSpec,
  };
}

/** Each rule's step energy split into compute, on-chip buffer and DRAM, as shares of its total (100%). */
export function energyShare(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const all = [['computeJ', 'compute'] as const, ...memoryParts];
  const parts = all.map((p) => p[1]);
  const values = result.runs.flatMap((r) =>
    all.map(([k, label], order) => ({
      rule: r.trace.label,
      component: label,
      order,
      share: r.energy.totalJ > 0 ? r.energy[k] / r.energy.totalJ : 0,
      mJ: r.energy[k] * 1e3,
    })),
  );
  const title = "Where the step energy goes (share of each rule's total)";
  return {
    name: 'energy-share',
    title,
    spec: {
      ...frame(preset, { title, description: provenance(result, producedBy) }),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: ruleAxis(result),
        y: { field: 'share', type: 'quantitative', aggregate: 'sum', stack: 'normalize', title: 'share of step energy', axis: { format: '%' } },
        color: { field: 'component', type: 'nominal', title: 'spent in', sort: parts, scale: categoryScale(parts), legend: legendFor(preset, parts) },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [{ field: 'rule' }, { field: 'component' }, { field: 'mJ', title: 'energy (mJ)', format: '.2f' }, { field: 'share', format: '.1%' }],
      },
    } as TopLevelSpec,
  };
}

/**
 * DRAM bandwidth over one step, one panel per rule (lines of two rules pinned at the peak hide each other),
 * against the DRAM's peak when it is known: the dashed line, and the panel header's mean utilisation.
 */
export function bandwidthTimeline(result: CompareResult, preset: ChartPreset, producedBy: string, peakBytesPerSecond?: number, points = 200): Chart {
  const labels = result.summaries.map((s) => s.label);
  const peak = peakBytesPerSecond ? peakBytesPerSecond / 1e9 : undefined;
  const mean: Record<string, string> = {};
  const values = result.runs.flatMap((r) => {
    const total = r.time.totalNs || 1;
    const bins = new Float64Array(points);
    // Each op's DRAM bytes spread evenly over its own time span, then binned.
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
    const GBps = dramTotal(r.totals) / total;
    mean[r.trace.label] = `${r.trace.label}: mean ${GBps.toFixed(1)} GB/s${peak ? `, ${((GBps / peak) * 100).toFixed(0)}% of peak` : ''}`;
    const binNs = total / points;
    return Array.from(bins, (bytes, b) => ({
      rule: r.trace.label,
      ms: Number((((b + 0.5) * binNs) / 1e6).toPrecision(6)),
      GBps: Number((bytes / binNs).toPrecision(5)),
    }));
  });
  const title = 'DRAM bandwidth over one training step';
  // Short tick labels ("20") and a short title: the y axis needs less room than yAxisRoom's default.
  const width = cellWidth(preset, 1, 0, Math.round(preset.fontSize * 3.5 + 10));
  const aspect = preset.aspect ?? 0.45;
  const height = Math.max(preset.fontSize * 4, Math.round((width * aspect) / Math.max(1, labels.length)) + 10);
  const headerExpr = labels.map((l) => `datum.value == ${JSON.stringify(l)} ? ${JSON.stringify(mean[l])} : `).join('') + 'datum.value';
  const line = {
    mark: { type: 'line', tooltip: true, strokeWidth: preset.paper ? 0.75 : 1 },
    encoding: {
      x: { field: 'ms', type: 'quantitative', title: 'time (ms)' },
      y: { field: 'GBps', type: 'quantitative', title: 'GB/s', ...(peak ? { scale: { domain: [0, peak] } } : {}) },
      color: { field: 'rule', type: 'nominal', scale: ruleScale(labels), legend: null },
    },
  };
  const peakRule = {
    data: { values: [{ peak }] },
    mark: { type: 'rule', strokeDash: [3, 2], color: '#666', strokeWidth: 0.75 },
    encoding: { y: { field: 'peak', type: 'quantitative' } },
  };
  return {
    name: 'bandwidth-timeline',
    title,
    spec: {
      ...facetFrame(preset, { title, description: `${peak ? `peak ${peak.toFixed(1)} GB/s (dashed); ` : ''}${provenance(result, producedBy)}` }),
      data: { values },
      facet: {
        row: {
          field: 'rule',
          type: 'nominal',
          sort: labels,
          title: null,
          header: { labelOrient: 'top', labelAnchor: 'start', labelAngle: 0, labelExpr: headerExpr, labelPadding: 2 },
        },
      },
      spacing: preset.paper ? 4 : 8,
      spec: { width, height, layer: peak ? [line, peakRule] : [line] },
    } as unknown as TopLevelSpec,
  };
}

type ChartMaker = (result: CompareResult, preset: ChartPreset, producedBy: string, peakBytesPerSecond?: number) => Chart;

const chartMakers: Record<string, ChartMaker> = {
  'traffic-by-role': trafficByRole,
  'stash-by-role': stashByRole,
  'traffic-per-layer': alignedLayers,
  'energy-breakdown': energyBreakdown,
  'energy-share': energyShare,
  'bandwidth-timeline': bandwidthTimeline,
};

/** The names of a compare report's charts (files <name>.svg ...), in report order. */
export const compareChartNames = Object.keys(chartMakers);

/** Every chart of a compare report; `peakBytesPerSecond` (the arch's dram.bandwidth) scales the bandwidth timeline. */
export function compareCharts(result: CompareResult, preset: ChartPreset, producedBy: string, peakBytesPerSecond?: number): Chart[] {
  return Object.values(chartMakers).map((c) => c(result, preset, producedBy, peakBytesPerSecond));
}
