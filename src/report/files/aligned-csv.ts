// layers-aligned.csv: per-layer DRAM bytes aligned by function (src/analysis/explain/align.ts), one row per
// unit with each rule's layer name and bytes side by side, so BP's layer2.0.conv1 faces ASAP's layer1.2.conv1.
import type { CompareResult } from '../../analysis/compare.ts';
import { alignLayers } from '../../analysis/explain/align.ts';
import { csvMetadata, csvText, type CsvColumn } from './csv-table.ts';

function columns(rules: string[]): CsvColumn[] {
  return [
    { name: 'unit', datatype: 'string', description: 'conv/linear sequence index (the same function in every rule), or pseudo-layers' },
    { name: 'stage', datatype: 'string', description: 'the network stage the unit belongs to' },
    ...rules.flatMap((r): CsvColumn[] => [
      { name: `${r}_layer`, datatype: 'string', description: `the layer name under ${r}` },
      { name: `${r}_dram_bytes`, datatype: 'integer', description: `DRAM bytes (read + write) of the unit under ${r}` },
    ]),
  ];
}

export function alignedCsv(result: CompareResult): string {
  const units = alignLayers(result.runs);
  const rules = result.runs.map((r) => r.trace.label);
  const rows = units.map((u) => [u.index < 0 ? 'pseudo-layers' : String(u.index), u.stage, ...u.byRule.flatMap((b) => [b.layer, b.dramBytes])]);
  return csvText(columns(rules), rows);
}

export function alignedCsvMetadata(result: CompareResult, producedBy: string): string {
  const rules = result.runs.map((r) => r.trace.label);
  return csvMetadata('layers-aligned.csv', columns(rules), producedBy, 'per-layer DRAM bytes of each rule, aligned by function (conv/linear sequence index)');
}
