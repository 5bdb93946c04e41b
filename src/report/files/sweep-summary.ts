// A sweep's summary table, one row per grid coordinate and a column pair per rule (DRAM MiB per step, and
// the saving against the baseline rule), for the terminal, the HTML report and a paper's closing note.
import { sweepDims, type SweepRow } from '../../sweep/table.ts';
import type { SweepDescription } from '../../sweep/spec.ts';
import { mib, pct } from '../format.ts';

export function sweepSummaryTable(d: SweepDescription, rows: SweepRow[]): { head: string[]; rows: string[][] } {
  const dims = sweepDims(d);
  const coord = (r: SweepRow) => JSON.stringify(dims.map((x) => x.of(r)));
  const byCoord = new Map<string, Map<string, SweepRow>>();
  for (const r of rows) {
    const m = byCoord.get(coord(r)) ?? new Map<string, SweepRow>();
    m.set(r.rule, r);
    byCoord.set(coord(r), m);
  }
  const head = [
    ...(dims.length ? dims.map((x) => x.key) : ['point']),
    ...d.rules.flatMap((rule, i) => (i === 0 ? [`${rule} MiB`] : [`${rule} MiB`, `saving`])),
  ];
  const out = [...byCoord.entries()].map(([key, m]) => {
    const first = [...m.values()][0];
    const cells = dims.length ? dims.map((x) => String(x.of(first))) : [String(JSON.parse(key))];
    for (const [i, rule] of d.rules.entries()) {
      const r = m.get(rule);
      cells.push(r ? mib(r.result.summary.dramTotal) : '—');
      if (i > 0) cells.push(r?.savingPct === undefined ? '—' : pct(r.savingPct));
    }
    return cells;
  });
  return { head, rows: out };
}
