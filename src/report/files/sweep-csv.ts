// A sweep's points as CSV, one row per point: the swept values, model, batch, rule, DRAM bytes by role
// group, the saving against the baseline, time and energy by component. The first line is a '#' comment
// naming what produced the file (pandas: read_csv(..., comment='#')).
import { stringify } from 'csv-stringify/sync';
import { roleGroupNames } from '../../analysis/roles.ts';
import type { SweepRow } from '../../sweep/table.ts';
import type { SweepDescription } from '../../sweep/spec.ts';

export function sweepCsv(d: SweepDescription, rows: SweepRow[], producedBy: string): string {
  const keys = d.axes.map((a) => a.key);
  const header = [
    'index',
    ...keys,
    'model',
    'batch',
    'rule',
    'dram_read_bytes',
    'dram_write_bytes',
    'dram_total_bytes',
    ...roleGroupNames.map((g) => `${g}_bytes`),
    'saving_pct',
    'step_time_ns',
    'compute_energy_j',
    'buffer_energy_j',
    'dram_energy_j',
    'total_energy_j',
    'stash_bytes',
    'arch_hash',
  ];
  const body = rows.map((r) => {
    const s = r.result.summary;
    return [
      r.index,
      ...keys.map((k) => String(r.values[k])),
      r.model,
      r.batch,
      r.rule,
      s.dramRead,
      s.dramWrite,
      s.dramTotal,
      ...roleGroupNames.map((g) => s.byGroup[g].read + s.byGroup[g].write),
      r.savingPct === undefined ? '' : r.savingPct.toFixed(4),
      Math.round(s.timeNs),
      r.result.energy.computeJ,
      r.result.energy.bufferJ,
      r.result.energy.dramJ,
      r.result.energy.totalJ,
      s.stashBytes,
      r.result.arch.hash,
    ];
  });
  return `# ${producedBy}\n` + stringify([header, ...body]);
}
