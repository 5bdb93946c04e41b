// Producer -> consumer forwarding (residency.fuse_adjacent). A tensor written by one op and read by the very
// next is handed over on chip tile by tile, but only for ONE pass of the consumer: a consumer that sweeps
// the tensor several times (a weight-stationary conv with several weight tiles, batch norm's two passes)
// gets the others by fusion.extra_passes:
//   spill      the producer also writes the tensor once through the buffer (what does not stay is written
//              back to DRAM once); each further pass re-reads it through the buffer;
//   recompute  the producer (and the forwarded chain behind it) runs again per further pass, re-reading
//              what it read from the buffer/DRAM; infeasible when the chain read a tensor already dead or
//              is longer than MAX_RECOMPUTE_CHAIN ops, and then spilled (reported as spilled);
//   free       the pre-issue-11 model (every pass on chip): unphysical, kept to decompose the change.
// Batch norm forward normalises with the whole batch's statistics, so its input is never forwarded: its
// statistics pass is either the producing conv's epilogue (fusion.bn_statistics: epilogue) or a pass of its
// own over the stored input (separate-pass), and its normalisation pass reads the stored input.
// A consumer pass the lowering keeps on chip ('local': the tensor fits its share) costs nothing either way.
// A forwarded tensor the step also keeps (a stash, e.g. BP's ReLU output) is written through: the consumer's
// first pass is forwarded and the stash copy goes through the buffer once (fusion.write_through).
import type { ArchConfig } from '../arch/schema.ts';
import type { ExtraPassName } from '../arch/vocabulary.ts';
import type { TraceEvent } from '../trace/schema.ts';
import type { LoweredOp } from './lower/lowering.ts';
import { opTable } from '../trace/ops.ts';

/** How a forwarded tensor's producer can be re-run: its event and the records of what was forwarded into it. */
export interface ProducerRecord {
  event: TraceEvent;
  inputs: Map<string, ProducerRecord>;
  /** Ops in the chain (this one and the forwarded ones behind it that a recompute would re-run). */
  depth: number;
}

/** Longest forwarded chain a recompute re-runs; a longer one is spilled instead (and the record dropped,
 *  so a long fused chain, e.g. a synthetic trace, holds no history). */
export const MAX_RECOMPUTE_CHAIN = 4;

export interface Forwarded {
  /** pure: the consumer frees it (never materialised); write-through: it lives on as a stash. */
  kind: 'pure' | 'write-through';
  /** What the consumer's further non-local passes cost ('none' when it makes none). */
  extra: ExtraPassName | 'none';
  record: ProducerRecord;
}

function needsExtraPasses(id: string, consumer: LoweredOp): boolean {
  return consumer.accesses.some((a) => a.tensor.id === id && !a.write && a.pass >= 1 && a.path !== 'local');
}

/** Whether the producer's reads are all still there (or can be recomputed) when the consumer runs. */
function recomputable(record: ProducerRecord): boolean {
  const { event, inputs } = record;
  if (record.depth > MAX_RECOMPUTE_CHAIN) return false;
  return event.reads.every((r) => r.persistent || !event.frees.includes(r.id) || (inputs.has(r.id) && recomputable(inputs.get(r.id)!)));
}

/** The tensors `event` forwards to `next`, and how their consumer's further passes are paid for. */
export function planForwarding(
  arch: ArchConfig,
  event: TraceEvent,
  next: TraceEvent | undefined,
  consumer: LoweredOp | undefined,
  incoming: Map<string, Forwarded>,
): Map<string, Forwarded> {
  const out = new Map<string, Forwarded>();
  if (!arch.residency.fuse_adjacent || !next || !consumer || next.op === 'share.match') return out;
  // Only recompute needs the chain behind a forwarded tensor.
  const inputs = new Map<string, ProducerRecord>();
  let depth = 1;
  if (arch.fusion.extra_passes === 'recompute')
    for (const [id, f] of incoming)
      if (f.kind === 'pure' && f.record.depth < MAX_RECOMPUTE_CHAIN) {
        inputs.set(id, f.record);
        depth = Math.max(depth, f.record.depth + 1);
      }
  for (const w of event.writes) {
    if (w.persistent || w.bytes === 0 || event.frees.includes(w.id) || !next.reads.some((r) => r.id === w.id)) continue;
    if (opTable[next.op].needsWholeInput?.some((i) => next.reads[i]?.id === w.id)) continue;
    const kind = next.frees.includes(w.id) ? 'pure' : 'write-through';
    if (kind === 'write-through' && !arch.fusion.write_through) continue;
    let extra: Forwarded['extra'] = needsExtraPasses(w.id, consumer) ? arch.fusion.extra_passes : 'none';
    if (extra === 'recompute' && !recomputable({ event, inputs, depth })) extra = 'spill';
    out.set(w.id, { kind, extra: kind === 'write-through' && extra !== 'free' && extra !== 'none' ? 'spill' : extra, record: { event, inputs, depth } });
  }
  return out;
}
