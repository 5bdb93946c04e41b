// ops.csv: one row per op × tensor of every rule's step, the end-of-step drain last: what the op moved for
// that tensor between DRAM, the buffer and the array, how it was served, and the mapping that decided it.
// Served: resident (buffer hits, writes absorbed), forwarded (handed over on chip by the producer),
// spilled (a forwarded tensor's further passes, written once and re-read), recomputed (the producer ran
// again), streamed (DRAM traffic), evicted (dirty blocks of the tensor written back during this op).
// The second comment line names the modelling choices, so a row can be redone by hand (docs/simulator.md).
import { stringify } from 'csv-stringify/sync';
import type { CompareResult } from '../../analysis/compare.ts';
import { describeModel, type ReplayResult } from '../../sim/stats.ts';

export const opsCsvHeader = [
  'rule',
  'op_index',
  'phase',
  'layer',
  'op',
  'tensor',
  'role',
  'bytes',
  'use',
  'dram_read_bytes',
  'dram_write_bytes',
  'onchip_read_bytes',
  'onchip_write_bytes',
  'served',
  'mapping',
  'cycles',
  'utilisation',
];

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
        t.served,
        op.mapping,
        op.cycles,
        Number(op.utilisation.toFixed(4)),
      ]);
  return rows;
}

export function opsCsv(result: CompareResult, producedBy: string): string {
  const model = result.runs[0] ? `# ${describeModel(result.runs[0].model)}\n` : '';
  return `# ${producedBy}\n${model}` + stringify([opsCsvHeader, ...result.runs.flatMap(opsRows)]);
}
