// layers-aligned.csv: per-layer DRAM bytes aligned by function (src/analysis/explain/align.ts), one row per
// unit with each rule's layer name and bytes side by side, so BP's layer2.0.conv1 faces ASAP's layer1.2.conv1.
import { stringify } from 'csv-stringify/sync';
import type { CompareResult } from '../../analysis/compare.ts';
import { alignLayers } from '../../analysis/explain/align.ts';

export function alignedCsv(result: CompareResult, producedBy: string): string {
  const units = alignLayers(result.runs);
  const rules = result.runs.map((r) => r.trace.label);
  const header = ['unit', 'stage', ...rules.flatMap((r) => [`${r}_layer`, `${r}_dram_bytes`])];
  const rows = units.map((u) => [u.index < 0 ? 'pseudo-layers' : u.index, u.stage, ...u.byRule.flatMap((b) => [b.layer, b.dramBytes])]);
  return `# ${producedBy}\n` + stringify([header, ...rows]);
}
