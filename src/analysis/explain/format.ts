// explain's text output: the choices, the waterfall per comparison, the tornado and the pairings.
import type { ExplainResult, Pairing } from './explain.ts';
import type { Waterfall } from './waterfall.ts';
import { savingPct, type Tornado } from './tornado.ts';
import type { Choice } from './choices.ts';

const MiB = 2 ** 20;
const mib = (b: number) => (b / MiB).toFixed(1);
const signed = (b: number) => `${b >= 0 ? '+' : '−'}${Math.abs(b / MiB).toFixed(1)}`;
/** A saving as "saves 4.2%" or, when negative, "costs 1.3%". */
export const savingText = (pct: number) => (pct >= 0 ? `saves ${pct.toFixed(1)}%` : `costs ${(-pct).toFixed(1)}%`);

function table(head: string[], rows: string[][], leftColumns = 1): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < leftColumns ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

export function formatWaterfall(w: Waterfall): string {
  const rows = [[`${w.baseline} (baseline)`, mib(w.baselineBytes)], ...w.bars.map((b) => [`  ${b.cause}`, signed(b.bytes)]), [`${w.rule}`, mib(w.ruleBytes)]];
  const sum = w.bars.reduce((a, b) => a + b.bytes, 0);
  const steps = w.steps.map((s, i) => `  ${i}. ${s.change}: ${s.label} ${mib(s.dramBytes)} MiB`).join('\n');
  return `${table(['DRAM bytes per step', 'MiB'], rows)}\nbars sum to ${signed(sum)} MiB = ${signed(w.ruleBytes - w.baselineBytes)} MiB (${sum === w.ruleBytes - w.baselineBytes ? 'exact, in bytes' : 'MISMATCH'}); chain of runs:\n${steps}`;
}

export function formatTornado(t: Tornado): string {
  const rows = t.knobs.map((k) => [
    k.knob,
    k.points.map((p) => `${p.value}${p.value === k.base ? '*' : ''} ${p.savingPct.toFixed(1)}`).join(', '),
    `${k.min.toFixed(1)} .. ${k.max.toFixed(1)}`,
  ]);
  return `${table(['knob', 'alternatives (saving %)', 'range'], rows, 2)}\nrange over all alternatives: ${t.min.toFixed(1)}% .. ${t.max.toFixed(1)}% (* = the config's value; negative = a cost)`;
}

function formatPairing(p: Pairing): string {
  const s = p.savingPct;
  return [
    `${p.name}: ${p.description}`,
    `  ${p.baseline.side} -> ${mib(p.baseline.run.dramBytes)} MiB, ${(p.baseline.run.timeNs / 1e6).toFixed(2)} ms, ${(p.baseline.run.energyJ * 1e3).toFixed(1)} mJ`,
    `  ${p.rule.side} -> ${mib(p.rule.run.dramBytes)} MiB, ${(p.rule.run.timeNs / 1e6).toFixed(2)} ms, ${(p.rule.run.energyJ * 1e3).toFixed(1)} mJ`,
    `  ${p.rule.run.label} vs ${p.baseline.run.label}: DRAM bytes ${savingText(s.dram)}, time ${savingText(s.time)}, energy ${savingText(s.energy)}`,
  ].join('\n');
}

export function formatExplain(e: ExplainResult): string {
  const out: string[] = [];
  out.push(`asapsim explain: ${e.rule} against ${e.baseline} on ${e.arch.name} (${e.arch.file}, config ${e.arch.hash}); ${e.runs} runs`);
  out.push('', 'choices that move the answer');
  out.push(
    table(
      ['choice', 'value'],
      e.choices.map((c) => [c.choice, c.value]),
    ).replace(/^(.*?)\s+$/gm, '$1'),
  );
  out.push('', `(a) waterfall under the config as given`, formatWaterfall(e.waterfall));
  out.push('', `(b) tornado: DRAM saving of ${e.rule} over ${e.baseline} under each alternative (others as given)`);
  out.push(formatTornado(e.tornado));
  out.push('', '(c) pairings');
  for (const p of e.pairings) out.push(formatPairing(p), '  waterfall:', formatWaterfall(p.waterfall).replace(/^/gm, '    '), '');
  return out.join('\n');
}

/** What compare prints from explain: the choices, each rule's savings (negative as a cost), the waterfalls. */
export interface ExplainedCompare {
  baseline: string;
  summaries: Array<{ label: string; savingPct: number; timeNs: number; energyJ: number }>;
  choices?: Choice[];
  explain?: { waterfalls: Waterfall[]; tornado?: { rule: string; tornado: Tornado } };
}

export function explainLines(result: ExplainedCompare): string[] {
  const out: string[] = [];
  if (result.choices)
    out.push(
      '',
      'choices that move the answer',
      table(
        ['choice', 'value'],
        result.choices.map((c) => [c.choice, c.value]),
        2,
      ).replace(/ +$/gm, ''),
    );
  const base = result.summaries[0];
  if (base)
    for (const r of result.summaries.slice(1))
      out.push(
        `${r.label} vs ${base.label}: DRAM bytes ${savingText(r.savingPct)}, time ${savingText(savingPct(base.timeNs, r.timeNs))}, energy ${savingText(savingPct(base.energyJ, r.energyJ))}`,
      );
  for (const w of result.explain?.waterfalls ?? []) out.push('', `waterfall: ${w.rule} against ${w.baseline}`, formatWaterfall(w));
  const t = result.explain?.tornado;
  if (t) out.push('', `tornado: ${t.rule} against ${result.baseline}`, formatTornado(t.tornado));
  return out;
}
