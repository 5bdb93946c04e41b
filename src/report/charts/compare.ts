// Vega-Lite specs of one compare run, each with inline data and its provenance in `description`, so a
// spec file is a self-contained artifact: traffic by role, stash by role, per-layer traffic, energy
// breakdown and the DRAM bandwidth timeline of one step.
import type { TopLevelSpec } from 'vega-lite';
import type { CompareResult } from '../../analysis/compare.ts';
import { roleGroupLabels, roleGroupNames } from '../../analysis/roles.ts';
import { dramTotal } from '../../sim/stats.ts';
import { frame, type ChartPreset } from './style.ts';
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

const roleLabels = roleGroupNames.map((g) => roleGroupLabels[g]);
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
  roles: string[];
}

/** One bar per rule, stacked by role: the shape of the traffic and stash charts. */
function stackedBars(result: CompareResult, preset: ChartPreset, producedBy: string, c: StackedBars): Chart {
  return {
    name: c.name,
    title: c.title,
    spec: {
      ...frame(preset, { title: c.title, description: provenance(result, producedBy) }),
      data: { values: c.values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: ruleAxis(result),
        y: { field: 'MiB', type: 'quantitative', aggregate: 'sum', title: c.yTitle },
        color: { field: 'role', type: 'nominal', title: c.colorTitle, sort: c.roles, scale: categoryScale(c.roles) },
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
    roles: roleLabels,
  });
}

export function stashByRole(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const roles = ['saved_activation', 'bn_state', 'relu_mask', 'pool_index'];
  const values = result.summaries.flatMap((s) =>
    Object.entries(s.stashByRole).map(([role, bytes]) => ({ rule: s.label, role, order: roles.indexOf(role), MiB: bytes! / MiB })),
  );
  return stackedBars(result, preset, producedBy, {
    name: 'stash-by-role',
    title: 'Saved for the backward pass (stash) per step',
    values,
    yTitle: 'stash (MiB)',
    colorTitle: 'what is kept',
    roles,
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
        color: { field: 'rule', type: 'nominal', title: 'rule', scale: ruleScale(labels) },
      },
    } as TopLevelSpec,
  };
}

export function energyBreakdown(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const parts = [
    ['computeJ', 'compute'],
    ['bufferJ', 'on-chip buffer'],
    ['dramJ', 'DRAM'],
  ] as const;
  const values = result.runs.flatMap((r) => parts.map(([k, label], order) => ({ rule: r.trace.label, component: label, order, mJ: r.energy[k] * 1e3 })));
  const title = 'Energy per training step';
  return {
    name: 'energy-breakdown',
    title,
    spec: {
      ...frame(preset, { title, description: provenance(result, producedBy) }),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: ruleAxis(result),
        y: { field: 'mJ', type: 'quantitative', aggregate: 'sum', title: 'energy (mJ)' },
        color: { field: 'component', type: 'nominal', title: 'spent in', sort: parts.map((p) => p[1]), scale: categoryScale(parts.map((p) => p[1])) },
        order: { field: 'order', type: 'quantitative' },
      },
    } as TopLevelSpec,
  };
}

export function bandwidthTimeline(result: CompareResult, preset: ChartPreset, producedBy: string, points = 200): Chart {
  const labels = result.summaries.map((s) => s.label);
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
    const binNs = total / points;
    return Array.from(bins, (bytes, b) => ({
      rule: r.trace.label,
      ms: Number((((b + 0.5) * binNs) / 1e6).toPrecision(6)),
      GBps: Number((bytes / binNs).toPrecision(5)),
    }));
  });
  const title = 'DRAM bandwidth over one training step';
  return {
    name: 'bandwidth-timeline',
    title,
    spec: {
      ...frame(preset, { title, description: provenance(result, producedBy), aspect: 0.45 }),
      data: { values },
      mark: { type: 'line', tooltip: true, strokeWidth: preset.paper ? 0.75 : 1 },
      encoding: {
        x: { field: 'ms', type: 'quantitative', title: 'time (ms)' },
        y: { field: 'GBps', type: 'quantitative', title: 'DRAM bandwidth (GB/s)' },
        color: { field: 'rule', type: 'nominal', title: 'rule', scale: ruleScale(labels) },
      },
    } as TopLevelSpec,
  };
}

export function compareCharts(result: CompareResult, preset: ChartPreset, producedBy: string): Chart[] {
  return [trafficByRole, stashByRole, alignedLayers, energyBreakdown, bandwidthTimeline].map((c) => c(result, preset, producedBy));
}
