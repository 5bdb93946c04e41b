// Per-layer results aligned by function. BP's and ASAP's ResNet layouts name blocks differently (ASAP moves
// the stride-2 block to the end of each stage: BP's layer2.0 is ASAP's layer1.2), so pairing layers by name
// or position pairs unrelated convs. The k-th conv/linear of the forward pass does the same job in both
// layouts, so a unit is one weighted layer plus the BN, ReLU, pool and add layers its output feeds before
// the next weighted layer; layers that never run forward (DFA projections, error sums, the end-of-step
// drain) form their own "pseudo-layers" group.
import type { ReplayResult } from '../../sim/stats.ts';
import { dramTotal } from '../../sim/stats.ts';

export interface AlignedUnit {
  /** Sequence index of the weighted layer in the forward pass; -1 for the pseudo-layers group. */
  index: number;
  /** The stage as the baseline names it (stem, stage 1..4, head), or "pseudo-layers". */
  stage: string;
  /** Per rule: the weighted layer's name and the DRAM bytes of the unit. */
  byRule: Array<{ rule: string; layer: string; dramBytes: number }>;
}

const weighted = new Set(['conv2d', 'linear']);

function units(run: ReplayResult): { names: string[]; bytes: number[]; pseudo: number } {
  const unitOf = new Map<string, number>();
  const names: string[] = [];
  for (const o of run.ops) {
    if (o.phase !== 'forward') continue;
    if (weighted.has(o.op) && !unitOf.has(o.layer)) {
      unitOf.set(o.layer, names.length);
      names.push(o.layer);
    } else if (!unitOf.has(o.layer) && names.length > 0) unitOf.set(o.layer, names.length - 1);
    else if (!unitOf.has(o.layer)) unitOf.set(o.layer, 0);
  }
  const bytes = names.map(() => 0);
  let pseudo = 0;
  for (const l of run.byLayer) {
    const u = unitOf.get(l.layer);
    if (u === undefined) pseudo += dramTotal(l.traffic);
    else bytes[u] += dramTotal(l.traffic);
  }
  pseudo += run.drain ? run.drain.dramBytes : 0;
  return { names, bytes, pseudo };
}

export function stageOf(layer: string, index: number, count: number): string {
  const m = /^layer(\d+)\./.exec(layer);
  if (m) return `stage ${m[1]}`;
  if (index === 0) return 'stem';
  return index === count - 1 || !layer.startsWith('conv') ? 'head' : 'body';
}

export function alignLayers(runs: ReplayResult[]): AlignedUnit[] {
  const per = runs.map(units);
  const count = Math.max(...per.map((p) => p.names.length));
  const out: AlignedUnit[] = [];
  for (let i = 0; i < count; i++) {
    const base = per[0].names[i] ?? per.find((p) => p.names[i])!.names[i];
    out.push({
      index: i,
      stage: stageOf(base, i, count),
      byRule: runs.map((r, j) => ({ rule: r.trace.label, layer: per[j].names[i] ?? '(none)', dramBytes: per[j].bytes[i] ?? 0 })),
    });
  }
  out.push({ index: -1, stage: 'pseudo-layers', byRule: runs.map((r, j) => ({ rule: r.trace.label, layer: '(pseudo-layers)', dramBytes: per[j].pseudo })) });
  return out;
}
