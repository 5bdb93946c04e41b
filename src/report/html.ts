// The report page: one self-contained index.html (charts inlined as SVG, no external file or network),
// the summary table, and the exact command, config and tool version that produced it.
import type { CompareResult } from '../analysis/compare.ts';
import { roleGroupLabels, roleGroupNames } from '../analysis/roles.ts';
import { mib, pct } from './format.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface HtmlChart {
  name: string;
  title: string;
  svg: string;
}

export function compareHtml(result: CompareResult, charts: HtmlChart[], provenance: { command: string; version: string; archText: string; archFile: string }): string {
  const s = result.spec;
  const head = ['rule', ...roleGroupNames.map((g) => roleGroupLabels[g]), 'DRAM total (MiB)', `saving vs ${result.baseline}`, 'stash (MiB)', 'step time (ms)', 'energy (mJ)'];
  const rows = result.summaries.map((r) => [r.label, ...roleGroupNames.map((g) => mib(r.byGroup[g].read + r.byGroup[g].write)), mib(r.dramTotal), pct(r.savingPct), mib(r.stashBytes), (r.timeNs / 1e6).toFixed(2), (r.energyJ * 1e3).toFixed(1)]);
  const table = `<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${escape(c)}</th>` : `<td>${escape(c)}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>asapsim: ${escape(s.model)} ${escape(s.rules.join(' vs '))}</title>
<style>
body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:right}thead th{text-align:center}tbody th{text-align:left}
figure{margin:1.5rem 0}figcaption{font-size:.8rem;color:#555}pre{background:#f6f6f6;padding:.75rem;overflow:auto;font-size:.75rem}
</style></head><body>
<h1>DRAM traffic of one training step: ${escape(s.rules.join(' vs '))}</h1>
<p>${escape(s.model)}, batch ${s.batch}, input ${s.inputShape.join('×')}, ${s.classes} classes, width ×${s.width}; accelerator <b>${escape(s.arch)}</b> (config ${escape(s.archHash)}), DRAM model <b>${escape(s.dramModel)}</b>, stash policy <b>${escape(s.stash)}</b>. DRAM bytes by tensor role (read + write); saving is relative to ${escape(result.baseline)}.</p>
${table}
${charts.map((c) => `<figure id="${escape(c.name)}" class="chart">${c.svg}<figcaption>${escape(c.title)} — <a href="${escape(c.name)}.vl.json">Vega-Lite spec</a>, <a href="${escape(c.name)}.svg">SVG</a>, <a href="${escape(c.name)}.png">PNG</a></figcaption></figure>`).join('\n')}
<h2>Provenance</h2>
<p>Produced by asapsim ${escape(provenance.version)} with:</p><pre>${escape(provenance.command)}</pre>
<p>Arch config <code>${escape(provenance.archFile)}</code> (sha256 ${escape(s.archHash)}):</p><pre>${escape(provenance.archText)}</pre>
</body></html>
`;
}
