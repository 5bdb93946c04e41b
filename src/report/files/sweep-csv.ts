// sweep.csv: one row per point: the swept values (a size both as typed, "256 KiB", and in bytes), model,
// batch, rule, DRAM bytes by role group, the saving against the baseline, time and energy by component.
// Plain numbers under a one-line header; units and provenance in sweep.csv-metadata.json.
import { roleGroupLabels, roleGroupNames } from '../../analysis/roles.ts';
import type { SweepRow } from '../../sweep/table.ts';
import type { SweepDescription } from '../../sweep/spec.ts';
import { numericValue, type GridValue } from '../../sweep/values.ts';
import { unit } from '../../util/units.ts';
import { keyLabel } from '../labels.ts';
import { mib } from '../format.ts';
import { csvMetadata, csvText, type CsvCell, type CsvColumn } from './csv-table.ts';

/** A swept key whose values are all sizes ("64 KiB"): it gets a <key>_bytes column beside the text. */
function isSizeKey(values: GridValue[]): boolean {
  return values.every((v) => {
    if (typeof v !== 'string') return false;
    try {
      return unit(v).equalBase(unit('1 B'));
    } catch {
      return false;
    }
  });
}

function columnsOf(d: SweepDescription): { columns: CsvColumn[]; sizeKeys: Set<string> } {
  const sizeKeys = new Set(d.axes.filter((a) => isSizeKey(a.values)).map((a) => a.key));
  const columns: CsvColumn[] = [
    { name: 'index', datatype: 'integer', description: 'point index in the sweep (fixed enumeration order)' },
    ...d.axes.flatMap((a): CsvColumn[] => [
      { name: a.key, datatype: a.values.every((v) => typeof v === 'number') ? 'number' : 'string', description: `${keyLabel(a.key)}, as given to the sweep` },
      ...(sizeKeys.has(a.key) ? [{ name: `${a.key}_bytes`, datatype: 'integer' as const, description: `${keyLabel(a.key)} in bytes` }] : []),
    ]),
    { name: 'model', datatype: 'string', description: 'network' },
    { name: 'batch', datatype: 'integer', description: 'batch size' },
    { name: 'rule', datatype: 'string', description: 'learning rule label' },
    { name: 'dram_read_bytes', datatype: 'integer', description: 'DRAM bytes read per training step' },
    { name: 'dram_write_bytes', datatype: 'integer', description: 'DRAM bytes written per training step' },
    { name: 'dram_total_bytes', datatype: 'integer', description: 'DRAM bytes read + written per training step' },
    { name: 'dram_total', datatype: 'string', description: 'dram_total_bytes in MiB (2^20 bytes), as printed' },
    ...roleGroupNames.map((g): CsvColumn => ({ name: `${g}_bytes`, datatype: 'integer', description: `DRAM bytes (read + write) of ${roleGroupLabels[g]}` })),
    { name: 'saving_pct', datatype: 'number', description: `DRAM bytes saved against ${d.rules[0]} at the same point, in % (empty for the baseline)` },
    { name: 'step_time_ns', datatype: 'integer', description: 'time of one training step in ns' },
    { name: 'compute_energy_j', datatype: 'number', description: 'compute energy per step in J' },
    { name: 'buffer_energy_j', datatype: 'number', description: 'on-chip buffer energy per step in J' },
    { name: 'dram_energy_j', datatype: 'number', description: 'DRAM energy per step in J' },
    { name: 'total_energy_j', datatype: 'number', description: 'energy per step in J' },
    { name: 'stash_bytes', datatype: 'integer', description: 'bytes kept from forward for backward' },
    { name: 'arch_hash', datatype: 'string', description: "the point's derived arch config hash" },
  ];
  return { columns, sizeKeys };
}

export function sweepCsv(d: SweepDescription, rows: SweepRow[]): string {
  const { columns, sizeKeys } = columnsOf(d);
  const body = rows.map((r): CsvCell[] => {
    const s = r.result.summary;
    return [
      r.index,
      ...d.axes.flatMap((a) => {
        const v = r.values[a.key];
        const shown = typeof v === 'number' ? v : String(v);
        return sizeKeys.has(a.key) ? [shown, numericValue(v)] : [shown];
      }),
      r.model,
      r.batch,
      r.rule,
      s.dramRead,
      s.dramWrite,
      s.dramTotal,
      `${mib(s.dramTotal)} MiB`,
      ...roleGroupNames.map((g) => s.byGroup[g].read + s.byGroup[g].write),
      r.savingPct === undefined ? '' : Number(r.savingPct.toFixed(4)),
      Math.round(s.timeNs),
      r.result.energy.computeJ,
      r.result.energy.bufferJ,
      r.result.energy.dramJ,
      r.result.energy.totalJ,
      s.stashBytes,
      r.result.arch.hash,
    ];
  });
  return csvText(columns, body);
}

export function sweepCsvMetadata(d: SweepDescription, producedBy: string): string {
  return csvMetadata('sweep.csv', columnsOf(d).columns, producedBy, `sweep ${d.name}: one training step per point`);
}
