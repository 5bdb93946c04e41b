// A sweep's results as rows: each point with its saving against the baseline rule (the sweep's first) at
// the same model, batch and swept values; and the dimensions that actually vary, for tables and charts.
import type { PointLine, PointResult } from './results.ts';
import type { SweepDescription } from './spec.ts';
import { numericValue, type GridValue } from './values.ts';

export interface SweepRow {
  index: number;
  model: string;
  batch: number;
  rule: string;
  values: Record<string, GridValue>;
  result: PointResult;
  /** % of the baseline's DRAM bytes saved; undefined when the baseline point is missing. */
  savingPct?: number;
}

/** A dimension of the grid other than the rule: a swept arch key, "model" or "batch". */
export interface Dim {
  key: string;
  values: GridValue[];
  /** Every value has a magnitude (number or quantity): plot it on a continuous (log) axis. */
  numeric: boolean;
  /** The value of a row along this dimension. */
  of(row: { model: string; batch: number; values: Record<string, GridValue> }): GridValue;
}

export function sweepDims(d: SweepDescription, varyingOnly = true): Dim[] {
  const dims: Dim[] = [
    ...d.axes.map((a) => ({ key: a.key, values: a.values, of: (r: { values: Record<string, GridValue> }) => r.values[a.key] })),
    { key: 'model', values: d.models as GridValue[], of: (r: { model: string }) => r.model },
    { key: 'batch', values: d.batches as GridValue[], of: (r: { batch: number }) => r.batch },
  ].map((x) => ({ ...x, numeric: x.values.every((v) => Number.isFinite(numericValue(v))) }));
  return varyingOnly ? dims.filter((x) => x.values.length > 1) : dims;
}

export function sweepRows(d: SweepDescription, points: PointLine[]): SweepRow[] {
  const baseline = d.rules[0];
  const coord = (p: { model: string; batch: number; values: Record<string, GridValue> }) =>
    JSON.stringify([p.model, p.batch, ...d.axes.map((a) => p.values[a.key])]);
  const base = new Map(points.filter((p) => p.point.rule === baseline).map((p) => [coord(p.point), p.result.summary.dramTotal]));
  return [...points]
    .sort((a, b) => a.index - b.index)
    .map((p) => {
      const b = base.get(coord(p.point));
      const savingPct = b === undefined ? undefined : b > 0 ? ((b - p.result.summary.dramTotal) / b) * 100 : 0;
      return { index: p.index, model: p.point.model, batch: p.point.batch, rule: p.point.rule, values: p.point.values, result: p.result, savingPct };
    });
}
