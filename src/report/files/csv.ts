// layers.csv: one row per (rule, layer, tensor role) with requested, on-chip and DRAM bytes, the layer's
// MACs and time. Plain numbers under a one-line header; units and provenance in layers.csv-metadata.json.
import type { CompareResult } from '../../analysis/compare.ts';
import { dramWrite } from '../../sim/stats.ts';
import { tensorRoleLabels } from '../labels.ts';
import type { TensorRole } from '../../trace/schema.ts';
import { csvMetadata, csvText, type CsvCell, type CsvColumn } from './csv-table.ts';

const columns: CsvColumn[] = [
  { name: 'rule', datatype: 'string', description: 'learning rule label, e.g. asap(k=2)' },
  { name: 'layer', datatype: 'string', description: 'layer name in the step program' },
  { name: 'phases', datatype: 'string', description: 'phases of the step the layer ran in, joined by +' },
  { name: 'role', datatype: 'string', description: 'tensor role as in the trace schema (saved_activation, weight, ...)' },
  { name: 'role_label', datatype: 'string', description: 'the role as the charts name it' },
  { name: 'requested_read_bytes', datatype: 'integer', description: 'bytes the ops of the layer read, before the buffer' },
  { name: 'requested_write_bytes', datatype: 'integer', description: 'bytes the ops of the layer wrote, before the buffer' },
  { name: 'onchip_read_bytes', datatype: 'integer', description: 'bytes read from the on-chip buffer' },
  { name: 'onchip_write_bytes', datatype: 'integer', description: 'bytes written to the on-chip buffer' },
  { name: 'dram_read_bytes', datatype: 'integer', description: 'bytes read from DRAM' },
  { name: 'dram_write_bytes', datatype: 'integer', description: 'bytes written to DRAM (write-backs included)' },
  { name: 'layer_macs', datatype: 'integer', description: 'multiply-accumulates of the layer (all its roles)' },
  { name: 'layer_time_ns', datatype: 'integer', description: 'time of the layer in ns (all its roles)' },
];

function rows(result: CompareResult): CsvCell[][] {
  const out: CsvCell[][] = [];
  for (const run of result.runs)
    for (const l of run.byLayer)
      for (const [role, t] of Object.entries(l.byRole))
        out.push([
          run.trace.label,
          l.layer,
          l.phases.join('+'),
          role,
          tensorRoleLabels[role as TensorRole] ?? role,
          t!.requestedRead,
          t!.requestedWrite,
          t!.onChipRead,
          t!.onChipWrite,
          t!.dramRead,
          dramWrite(t!),
          l.macs,
          Math.round(l.timeNs),
        ]);
  return out;
}

export function layerCsv(result: CompareResult): string {
  return csvText(columns, rows(result));
}

export function layerCsvMetadata(producedBy: string): string {
  return csvMetadata('layers.csv', columns, producedBy, 'DRAM and on-chip traffic of one training step per rule, layer and tensor role');
}
