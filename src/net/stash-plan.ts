// The stash plan: which forward values a backward op reads from the stash and which it gets recomputed.
// Under keep 'all' (pytorch, compact) every value a backward op reads is stored. The other policies store
// less and insert, before the first backward op that needs a value not stored, the forward ops that
// rebuild it from what is stored (recursively), in the backward phase under the forward op's name: the
// replay charges their traffic and compute like any op. A value is recomputed once and read from then on.
//   conv-outputs (recompute): stored are conv/linear, residual-add and average-pool outputs, the input
//     batch, BN batch statistics and the loss's softmax; BN-apply, ReLU and max pool re-run.
//   bn-outputs (inplace-abn): BN backward reads its output (x̂ = (y − β)/γ) instead of its input; a ReLU
//     straight after a BN re-runs from that output, and its mask is that output's sign.
//   block-inputs (checkpoint): stored are the values that cross a block boundary (each block's input, the
//     shortcut and shared activations) and the softmax; everything inside a block re-runs, batch
//     statistics included.
// A ReLU whose mask is not stored reads a stored input (its sign is the mask) or the recomputed output.
import type { Graph, LayerNode, Shape } from './graph.ts';
import type { LoopDims, OpName, StashKeep, TensorRole } from '../trace/schema.ts';
import { parseTensorId, partOf, tensorId } from './tensor-id.ts';

export interface ProgramOp {
  op: OpName;
  layer: string;
  phase: 'forward' | 'backward' | 'update';
  dims: LoopDims;
  reads: string[];
  writes: string[];
}

/** What the plan needs from the program under construction. */
export interface PlanContext {
  graph: Graph;
  keep: StashKeep;
  def(id: string, shape: Shape, role: TensorRole, persistent?: boolean): string;
  shapeOf(id: string): Shape;
  /** The forward op of a node as the forward pass runs it (without stash outputs). */
  forwardOf(node: LayerNode): ProgramOp;
  /** Parameters, B, optimizer state, labels, errors and backward-made values: never stashed, never recomputed. */
  passesThrough(id: string): boolean;
}

const storedUnderRecompute = new Set<LayerNode['kind']>(['conv2d', 'linear', 'add', 'avgpool', 'loss']);

export function planStash(ctx: PlanContext, backwardOps: ProgramOp[]): ProgramOp[] {
  if (ctx.keep === 'all') return backwardOps;
  const g = ctx.graph;
  const producer = new Map<string, LayerNode>();
  for (const n of g.nodes) producer.set(n.output, n);
  const blockOf = (id: string) => producer.get(id)?.block ?? producer.get(id)?.name;
  const crossing = new Set<string>([g.input]);
  for (const n of g.nodes) for (const i of n.inputs) if (producer.has(i) && blockOf(i) !== (n.block ?? n.name)) crossing.add(i);

  const stored = (id: string): boolean => {
    const t = parseTensorId(id);
    if (t.kind === 'part') {
      if (t.part === 'batch_stats') return ctx.keep !== 'block-inputs';
      // Masks and argmax are rebuilt from the values they summarise; parameters and the softmax stay.
      // In-place ABN keeps compact's int8 argmax, and the 1-bit mask of a ReLU that does not follow a BN.
      if (t.part === 'argmax') return ctx.keep === 'bn-outputs';
      if (t.part === 'mask') {
        const relu = g.nodes.find((m) => m.name === t.layer)!;
        return ctx.keep === 'bn-outputs' && producer.get(relu.inputs[0])?.kind !== 'batchnorm';
      }
      return true;
    }
    if (t.kind !== 'graph') return true;
    const n = producer.get(id);
    if (!n) return true; // input, label
    switch (ctx.keep) {
      case 'conv-outputs':
        return storedUnderRecompute.has(n.kind);
      case 'bn-outputs':
        return !(n.kind === 'relu' && producer.get(n.inputs[0])?.kind === 'batchnorm');
      case 'block-inputs':
        return crossing.has(id) || n.kind === 'loss';
      case 'all':
        return true;
    }
  };

  const out: ProgramOp[] = [];
  const rebuilt = new Map<string, string>();

  const resolve = (id: string): string => {
    if (ctx.passesThrough(id) || stored(id)) return id;
    const done = rebuilt.get(id);
    if (done) return done;
    const t = parseTensorId(id);
    if (t.kind === 'part') {
      const n = g.nodes.find((m) => m.name === t.layer)!;
      if (t.part === 'mask') {
        // The sign of the ReLU's input (stored or rebuilt) is its mask.
        const input = n.inputs[0];
        return stored(input) ? input : resolve(n.output);
      }
      rerun(n);
      const r = rebuilt.get(id);
      if (!r) throw new Error(`stash plan: re-running ${n.name} did not rebuild ${id}`);
      return r;
    }
    rerun(producer.get(id)!);
    return rebuilt.get(id)!;
  };

  /** Re-runs a node's forward op from stored or rebuilt inputs, writing recomputed copies of its outputs. */
  const rerun = (n: LayerNode): void => {
    const fwd = ctx.forwardOf(n);
    const inputs = new Set(n.inputs);
    const reads = fwd.reads.filter((r) => partOf(r)?.part !== 'running_stats').map((r) => (inputs.has(r) ? resolve(r) : r));
    const fresh = (id: string, shape = ctx.shapeOf(id)) => {
      const r = ctx.def(tensorId.recomputed(id), shape, 'other');
      rebuilt.set(id, r);
      return r;
    };
    const writes = [fresh(n.output)];
    if (n.kind === 'batchnorm') {
      const stats = tensorId.part(n.name, 'batch_stats');
      if (stored(stats)) reads.push(stats);
      else writes.push(fresh(stats, [2, n.channels]));
    }
    if (n.kind === 'maxpool') writes.push(fresh(tensorId.part(n.name, 'argmax'), ctx.shapeOf(n.output)));
    out.push({ op: fwd.op, layer: n.name, phase: 'backward', dims: fwd.dims, reads, writes });
  };

  for (const o of backwardOps) {
    const reads = o.reads.map(resolve);
    out.push({ ...o, reads });
  }
  return out;
}

const forwardOps = new Set<OpName>(['conv2d', 'linear', 'batchnorm', 'relu', 'maxpool', 'avgpool', 'add']);

/** A recompute op: a forward op run in the backward phase (only the stash plan makes them). */
export function isRecompute(op: { op: OpName; phase: string }): boolean {
  return op.phase === 'backward' && forwardOps.has(op.op);
}
