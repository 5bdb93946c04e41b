// ops.csv: one row per op × tensor of every rule's step, the end-of-step drain last: what the op moved for
// that tensor between DRAM, the buffer and the array, how it was served, and the mapping that decided it.
// Served: resident (buffer hits, writes absorbed, further passes the op keeps on chip), forwarded (handed over on chip by the producer),
// spilled (a forwarded tensor's further passes, written once and re-read), recomputed (the producer ran
// again), streamed (DRAM traffic), evicted (dirty blocks of the tensor written back during this op).
// The modelling choices go in the CSVW sidecar (ops.csv-metadata.json), so a row can be redone by hand
// (docs/simulator.md) while the CSV itself loads as it is.
import type { CompareResult } from '../../analysis/compare.ts';
import { describeModel, type ReplayResult } from '../../sim/stats.ts';
import { csvMetadata, csvText, type CsvColumn } from './csv-table.ts';

const columns: CsvColumn[] = [
  { name: 'rule', datatype: 'string', description: 'the rule (compare label)' },
  { name: 'op_index', datatype: 'integer', description: "the op's position in the step (trace seq)" },
  { name: 'phase', datatype: 'string', description: 'forward, backward, update, or drain (end-of-step write-backs)' },
  { name: 'layer', datatype: 'string', description: 'the layer (graph node) the op belongs to' },
  { name: 'op', datatype: 'string', description: 'the op name (trace op table)' },
  { name: 'tensor', datatype: 'string', description: 'tensor id' },
  { name: 'role', datatype: 'string', description: 'tensor role' },
  { name: 'bytes', datatype: 'integer', description: "the tensor's size in bytes" },
  { name: 'use', datatype: 'string', description: 'read or write' },
  { name: 'dram_read_bytes', datatype: 'integer', description: 'bytes read from DRAM for this tensor by this op' },
  { name: 'dram_write_bytes', datatype: 'integer', description: 'bytes written to DRAM for this tensor by this op' },
  { name: 'onchip_read_bytes', datatype: 'integer', description: 'bytes read from the on-chip buffer' },
  { name: 'onchip_write_bytes', datatype: 'integer', description: 'bytes written to the on-chip buffer' },
  { name: 'forwarded_read_bytes', datatype: 'integer', description: 'bytes handed over on chip by the producer (forwarded)' },
  { name: 'served', datatype: 'string', description: 'resident, forwarded, spilled, recomputed, streamed or evicted' },
  { name: 'mapping', datatype: 'string', description: 'the mapping chosen (loop order and tile sizes)' },
  { name: 'cycles', datatype: 'integer', description: "the op's compute cycles from the mapping" },
  { name: 'utilisation', datatype: 'number', description: 'MACs / (cycles x PEs)' },
];

export const opsCsvHeader = columns.map((c) => c.name);

export function opsRows(run: ReplayResult): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const op of [...run.ops, run.drain])
    for (const t of op.tensors)
      rows.push([
        run.trace.label,
        op.index,
        op.phase,
        op.layer,
        op.op,
        t.tensor,
        t.role,
        t.bytes,
        t.use,
        t.dramRead,
        t.dramWrite,
        t.onChipRead,
        t.onChipWrite,
        t.forwardedRead,
        t.served,
        op.mapping,
        op.cycles,
        Number(op.utilisation.toFixed(4)),
      ]);
  return rows;
}

export function opsCsv(result: CompareResult): string {
  return csvText(columns, result.runs.flatMap(opsRows));
}

export function opsCsvMetadata(result: CompareResult, producedBy: string): string {
  const model = result.runs[0] ? `; memory model: ${describeModel(result.runs[0].model)}` : '';
  return csvMetadata('ops.csv', columns, producedBy, `one row per op x tensor of every rule's training step${model}`);
}
