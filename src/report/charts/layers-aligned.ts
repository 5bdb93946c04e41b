// Per-layer DRAM traffic aligned by function (src/analysis/explain/align.ts): one dot per rule for each
// weighted layer's unit, faceted by stage as the baseline names it; the tooltip names the layer in every
// rule's layout, and the pseudo-layers (drain, error sums, DFA projections) sit in a panel of their own.
import type { TopLevelSpec } from 'vega-lite';
import type { CompareResult } from '../../analysis/compare.ts';
import { alignLayers } from '../../analysis/explain/align.ts';
import { facetFrame, type ChartPreset } from './style.ts';
import { MiB } from '../format.ts';
import { ruleScale } from './palette.ts';

/** A chart as compare's report lists them (structurally compare.ts's Chart, which imports this file). */
interface Chart {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

export function alignedLayers(result: CompareResult, preset: ChartPreset, producedBy: string): Chart {
  const aligned = alignLayers(result.runs);
  const names = (u: (typeof aligned)[number]) => u.byRule.map((r) => `${r.rule}: ${r.layer}`).join('; ');
  const values = aligned.flatMap((u) =>
    u.byRule.map((r) => ({
      unit: u.index < 0 ? 'pseudo' : `#${u.index}`,
      order: u.index < 0 ? 1e6 : u.index,
      stage: u.stage,
      rule: r.rule,
      layer: r.layer,
      layers: names(u),
      MiB: r.dramBytes / MiB,
    })),
  );
  const stages = [...new Set(aligned.map((u) => u.stage))];
  const labels = result.summaries.map((s) => s.label);
  const title = 'DRAM traffic per layer, aligned by conv sequence index';
  const s = result.spec;
  return {
    name: 'traffic-per-layer',
    title,
    spec: {
      ...facetFrame(preset, {
        title,
        description: `${s.model}, batch ${s.batch}, arch ${s.arch} (${s.archHash}), DRAM ${s.dramModel}, stash ${s.stash}; ${producedBy}`,
      }),
      data: { values },
      // Stages of one unit (stem, heads, pseudo-layers) are one step wide: their names are turned so that
      // neighbours never overlap.
      facet: {
        column: { field: 'stage', type: 'nominal', sort: stages, title: null, header: { labelAngle: -90, labelAlign: 'left', labelBaseline: 'middle' } },
      },
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: { step: preset.paper ? 9 : 16 },
        height: preset.paper ? 110 : 220,
        mark: { type: 'point', filled: true, size: preset.paper ? 14 : 40, tooltip: true },
        encoding: {
          x: {
            field: 'unit',
            type: 'ordinal',
            sort: { field: 'order' },
            title: null,
            axis: { labelAngle: -60, labelFontSize: Math.max(5, preset.fontSize - 3) },
          },
          y: { field: 'MiB', type: 'quantitative', title: 'DRAM traffic (MiB)' },
          color: { field: 'rule', type: 'nominal', title: 'rule', scale: ruleScale(labels) },
          tooltip: [
            { field: 'layers', type: 'nominal', title: 'layers' },
            { field: 'rule', type: 'nominal' },
            { field: 'MiB', type: 'quantitative', format: '.1f' },
          ],
        },
      },
    } as unknown as TopLevelSpec,
  };
}
