// The terminal text of a compare run: per rule, DRAM traffic by tensor role (read, write, total), the saving
// against the baseline, and a summary table of all rules.
import type { CompareResult } from '../analysis/compare.ts';
import { roleGroupLabels, roleGroupNames } from '../analysis/roles.ts';
import { explainLines, savingText } from '../analysis/explain/format.ts';
import { describeModel } from '../sim/stats.ts';
import { mib, textTable } from './format.ts';

export function formatCompare(result: CompareResult): string {
  const out: string[] = [];
  const s = result.spec;
  out.push(`${s.model}, batch ${s.batch}, input ${s.inputShape.join('x')}, arch ${s.arch} (${s.archHash}), DRAM ${s.dramModel}, stash ${s.stash}`);
  if (result.runs[0]) out.push(`model: ${describeModel(result.runs[0].model)}`);
  for (const r of result.summaries) {
    out.push('', `${r.label}: DRAM traffic per training step (MiB)`);
    const rows = roleGroupNames.map((g) => [roleGroupLabels[g], mib(r.byGroup[g].read), mib(r.byGroup[g].write), mib(r.byGroup[g].read + r.byGroup[g].write)]);
    rows.push(['total', mib(r.dramRead), mib(r.dramWrite), mib(r.dramTotal)]);
    out.push(textTable(['role', 'read', 'write', 'total'], rows));
    if (r.label !== result.baseline) out.push(`saving vs ${result.baseline}: ${r.label} ${savingText(r.savingPct)} of DRAM bytes`);
  }
  out.push(...explainLines(result));
  out.push('', 'summary');
  out.push(
    textTable(
      ['rule', 'DRAM MiB', `DRAM vs ${result.baseline}`, 'stash MiB', 'step ms', 'energy mJ'],
      result.summaries.map((r) => [
        r.label,
        mib(r.dramTotal),
        r.label === result.baseline ? 'baseline' : savingText(r.savingPct),
        mib(r.stashBytes),
        (r.timeNs / 1e6).toFixed(2),
        (r.energyJ * 1e3).toFixed(1),
      ]),
    ),
  );
  return out.join('\n');
}
