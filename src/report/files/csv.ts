// Per-layer CSV: one row per (rule, layer, role) with DRAM and on-chip bytes. The first line is a '#'
// comment naming what produced the file (pandas: read_csv(..., comment='#')).
import { stringify } from 'csv-stringify/sync';
import type { CompareResult } from '../../analysis/compare.ts';
import { dramWrite } from '../../sim/stats.ts';

export function layerCsv(result: CompareResult, producedBy: string): string {
  const rows: (string | number)[][] = [];
  for (const run of result.runs) {
    for (const l of run.byLayer) {
      for (const [role, t] of Object.entries(l.byRole)) {
        rows.push([
          run.trace.label,
          l.layer,
          l.phases.join('+'),
          role,
          t!.requestedRead,
          t!.requestedWrite,
          t!.onChipRead,
          t!.onChipWrite,
          t!.dramRead,
          dramWrite(t!),
          l.macs,
          Math.round(l.timeNs),
        ]);
      }
    }
  }
  const header = [
    'rule',
    'layer',
    'phases',
    'role',
    'requested_read_bytes',
    'requested_write_bytes',
    'onchip_read_bytes',
    'onchip_write_bytes',
    'dram_read_bytes',
    'dram_write_bytes',
    'layer_macs',
    'layer_time_ns',
  ];
  return `# ${producedBy}\n` + stringify([header, ...rows]);
}
