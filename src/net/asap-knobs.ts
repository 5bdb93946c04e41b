// ASAP's implementation knobs that reshape the step program (feedback_update lives in the update pass):
//   shared_stash pooled: a shared activation whose every backward reader max-pools it by the same factor
//     (the stride-2 matches of the ASAP ResNet) is stored pooled, H·W/p² of it, by a max-pool op right after
//     the forward op that makes it; the backward match then only repeats channels. Channel repeat and
//     spatial max pool commute, so the weight gradient is unchanged.
//   share_schedule grouped: the weight-gradient ops whose activation is one shared activation run back to
//     back, at the place of the last of them (when every error they need exists), so one read of the shared
//     activation can serve several while the buffer holds it. The errors of the deferred ops stay live
//     until then: an op is deferred only while the held errors and the shared activation fit in half of
//     `budgetBytes` (the buffer's capacity; the other half for the running ops' tiles), else the group
//     runs up to it there. The replay charges whatever the held errors still cost.
import type { Shape } from './graph.ts';
import type { ProgramOp } from './stash-plan.ts';
import { parseTensorId, tensorId } from './tensor-id.ts';
import type { TensorRole } from '../trace/schema.ts';

export interface KnobContext {
  def(id: string, shape: Shape, role: TensorRole, persistent?: boolean): string;
  shapeOf(id: string): Shape;
  bytesOf(id: string): number;
}

/** The pooled copies to make in the forward pass, keyed by the shared activation they copy. */
export type PooledCopies = Map<string, ProgramOp>;

export function poolSharedStash(ctx: KnobContext, backwardOps: ProgramOp[]): { backwardOps: ProgramOp[]; copies: PooledCopies } {
  const readers = new Map<string, ProgramOp[]>();
  for (const o of backwardOps) for (const r of o.reads) readers.set(r, [...(readers.get(r) ?? []), o]);
  const copies: PooledCopies = new Map();
  const rewritten = new Map<ProgramOp, ProgramOp>();
  for (const [s, ops] of readers) {
    const pools = new Set(ops.map((o) => (o.op === 'share.match' ? o.dims.pool! : 1)));
    const [pool] = pools;
    // Only a value the forward pass stores can be stored pooled (not one the stash policy recomputes).
    if (pools.size !== 1 || pool === 1 || parseTensorId(s).kind !== 'graph') continue;
    const [n, c, h, w] = ctx.shapeOf(s);
    const pooled = ctx.def(tensorId.pooled(s), [n, c, h / pool, w / pool], 'activation');
    copies.set(s, {
      op: 'maxpool',
      layer: ops[0].layer,
      phase: 'forward',
      dims: { N: n, C: c, H: h, W: w, P: h / pool, Q: w / pool, R: pool, S: pool, stride: pool, ceil: false, macs: n * c * h * w },
      reads: [s],
      writes: [pooled],
    });
    for (const o of ops) {
      const k = o.dims.K!;
      const [P, Q] = [h / pool, w / pool];
      rewritten.set(o, { ...o, reads: [pooled], dims: { ...o.dims, H: P, W: Q, pool: 1, macs: n * k * P * Q } });
    }
  }
  return { backwardOps: backwardOps.map((o) => rewritten.get(o) ?? o), copies };
}

export function groupSharedGradients(
  ctx: KnobContext,
  backwardOps: ProgramOp[],
  sharedOf: (layer: string) => string | undefined,
  budgetBytes: number,
): ProgramOp[] {
  const matchOf = new Map<string, ProgramOp>();
  for (const o of backwardOps) if (o.op === 'share.match') matchOf.set(o.writes[0], o);
  const groupKey = (o: ProgramOp): string | undefined => (o.op === 'conv2d.backward_weight' ? sharedOf(o.layer) : undefined);
  const members = new Map<string, number>();
  for (const o of backwardOps) {
    const key = groupKey(o);
    if (key) members.set(key, (members.get(key) ?? 0) + 1);
  }
  const out: ProgramOp[] = [];
  const pending = new Map<string, { ops: ProgramOp[]; held: number; seen: number }>();
  const flush = (key: string) => {
    const p = pending.get(key);
    if (p) out.push(...p.ops);
    pending.delete(key);
  };
  for (const o of backwardOps) {
    const key = groupKey(o);
    if (!key || (members.get(key) ?? 0) < 2) {
      if (!(o.op === 'share.match' && isDeferredMatch(o, backwardOps, groupKey, members))) out.push(o);
      continue;
    }
    const match = matchOf.get(o.reads[1]);
    const ops = match ? [match, o] : [o];
    const p = pending.get(key) ?? { ops: [], held: 0, seen: 0 };
    p.seen += 1;
    pending.set(key, p);
    if (p.seen === members.get(key)) {
      p.ops.push(...ops);
      flush(key);
      continue;
    }
    // Deferring holds this op's error until the group runs: worth it only while the held errors and the
    // shared activation fit in half the buffer (the other half for the running ops' own tiles).
    const held = ctx.bytesOf(o.reads[0]);
    if (p.held + held + ctx.bytesOf(key) <= budgetBytes / 2) {
      p.ops.push(...ops);
      p.held += held;
    } else {
      out.push(...p.ops, ...ops);
      p.ops = [];
      p.held = 0;
    }
  }
  for (const key of [...pending.keys()]) flush(key);
  return out;
}

/** A share.match feeding a grouped weight-gradient op moves with it. */
function isDeferredMatch(match: ProgramOp, ops: ProgramOp[], groupKey: (o: ProgramOp) => string | undefined, members: Map<string, number>): boolean {
  const consumer = ops.find((o) => o.reads.includes(match.writes[0]));
  const key = consumer && groupKey(consumer);
  return key !== undefined && (members.get(key) ?? 0) >= 2;
}
