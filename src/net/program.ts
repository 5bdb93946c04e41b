// The step program: one training step of a graph under a learning rule, as the ordered list of ops with
// the tensors each reads and writes. Built in four passes that keep data flowing one way:
//   1. requires-grad: which tensors need an error (autograd's rule, cut at detached tensors);
//   2. backward: reverse graph order, each node's backward ops as its learning mode dictates, DFA
//      receivers taking B_l·e instead of what comes from above; then dead ops (errors nobody reads) removed;
//   3. forward: each node's op, plus the stash (mask, argmax, batch statistics) only where a surviving
//      backward op reads it; then one SGD update per parameter (and per learned B);
//   4. roles and lifetimes: a forward value read by a backward op becomes saved_activation (or bn_state
//      when only batch norm reads it); each transient tensor is freed after its last use.
// The shape-only executor writes this program as the trace; the training engine executes it.
import type { ConvNode, Graph, LayerNode, LinearNode, Shape } from './graph.ts';
import { numel } from './graph.ts';
import type { AsapKnobs, ElementType, LoopDims, OpName, Phase, StashPolicy, TensorRef, TensorRole, TraceEvent } from '../trace/schema.ts';
import { tensorBytes } from '../trace/schema.ts';
import { officialAsapKnobs } from '../trace/stash.ts';
import { planStash, type ProgramOp } from './stash-plan.ts';
import { groupSharedGradients, poolSharedStash, type KnobContext, type PooledCopies } from './asap-knobs.ts';
import { tensorId } from './tensor-id.ts';
import { layerDims, poolDims, weightShape } from './op-dims.ts';
import { updateOps } from './update-ops.ts';
import { checkOperands } from '../trace/ops.ts';

export interface ProgramOptions {
  stash: StashPolicy;
  dtypes: Record<TensorRole, ElementType>;
  /** ASAP implementation knobs (default: the official code's). */
  asap?: AsapKnobs;
  /** share_schedule grouped: the most error bytes a group may hold (the buffer's capacity; default unbounded). */
  groupBudgetBytes?: number;
}

interface TensorDef {
  id: string;
  shape: Shape;
  role: TensorRole;
  persistent: boolean;
}

type Op = ProgramOp;

const errorId = (t: string, by: string) => tensorId.error(t, by);

export class StepProgram {
  readonly tensors = new Map<string, TensorDef>();
  private backwardOps: Op[] = [];
  private readonly error = new Map<string, string[]>(); // tensor -> error contributions

  constructor(
    readonly graph: Graph,
    readonly options: ProgramOptions,
  ) {}

  /** The full event list of one training step. */
  static events(graph: Graph, options: ProgramOptions): TraceEvent[] {
    return new StepProgram(graph, options).build();
  }

  private def(id: string, shape: Shape, role: TensorRole, persistent = false): string {
    if (!this.tensors.has(id)) this.tensors.set(id, { id, shape, role, persistent });
    return id;
  }

  private shapeOf(id: string): Shape {
    const t = this.graph.tensors.get(id) ?? this.tensors.get(id);
    if (!t) throw new Error(`program: unknown tensor ${id}`);
    return t.shape;
  }

  private build(): TraceEvent[] {
    const g = this.graph;
    for (const t of g.tensors.values())
      this.def(t.id, t.shape, t.id === g.input ? 'input' : t.id === g.label ? 'label' : t.id === g.loss ? 'other' : 'activation');
    const grad = this.requiresGrad();
    this.backward(grad);
    this.removeDeadOps();
    const copies = this.applyPolicies();
    const stashRead = new Set(this.backwardOps.flatMap((o) => o.reads));
    const forward = g.nodes.flatMap((n) => {
      const copy = copies.get(n.output);
      return copy ? [this.forwardOp(n, stashRead), copy] : [this.forwardOp(n, stashRead)];
    });
    const update = updateOps(this.graph, this.backwardOps, (this.options.asap ?? officialAsapKnobs).feedbackUpdate, {
      def: (id, shape, role, persistent) => this.def(id, shape, role, persistent),
      shapeOf: (id) => this.tensors.get(id)!.shape,
    });
    const ops = [...forward, ...this.backwardOps, ...update];
    this.assignSavedRoles(ops);
    return this.materialize(ops);
  }

  private requiresGrad(): Set<string> {
    const grad = new Set<string>();
    for (const n of this.graph.nodes) {
      const trainable = n.kind === 'batchnorm' || ((n.kind === 'conv2d' || n.kind === 'linear') && n.mode !== 'frozen');
      if ((trainable || n.inputs.some((i) => grad.has(i))) && !this.graph.detached.has(n.output)) grad.add(n.output);
    }
    return grad;
  }

  private contribute(t: string, e: string): void {
    const list = this.error.get(t) ?? [];
    list.push(e);
    this.error.set(t, list);
  }

  /** The error of t: the DFA projection at receivers, else the single contribution or their accumulated sum. */
  private errorOf(t: string, outputError: string | undefined): string | undefined {
    const g = this.graph;
    if (g.receivers.includes(t) && outputError) {
      const b = this.def(tensorId.part(t, 'dfa_B'), [g.classes, numel(this.shapeOf(t).slice(1))], 'feedback_weight', true);
      const out = this.def(errorId(t, 'dfa'), this.shapeOf(t), 'error');
      this.backwardOps.push({
        op: 'dfa.project',
        layer: `${t}.dfa`,
        phase: 'backward',
        dims: { N: g.batch, C: g.classes, K: numel(this.shapeOf(t).slice(1)), macs: g.batch * g.classes * numel(this.shapeOf(t).slice(1)) },
        reads: [outputError, b],
        writes: [out],
      });
      return out;
    }
    const list = this.error.get(t);
    if (!list || list.length === 0) return undefined;
    if (list.length === 1) return list[0];
    const out = this.def(tensorId.error(t), this.shapeOf(t), 'error');
    this.backwardOps.push({
      op: 'grad.accumulate',
      layer: t,
      phase: 'backward',
      dims: { macs: numel(this.shapeOf(t)) * (list.length - 1) },
      reads: list,
      writes: [out],
    });
    return out;
  }

  private backward(grad: Set<string>): void {
    const g = this.graph;
    let outputError: string | undefined;
    for (const n of [...g.nodes].reverse()) {
      if (!grad.has(n.output) && n.kind !== 'loss') continue;
      const dy = n.kind === 'loss' ? undefined : this.errorOf(n.output, outputError);
      if (n.kind !== 'loss' && !dy) continue;
      const x = n.inputs[0];
      const dx = () => this.def(errorId(x, n.name), this.shapeOf(x), 'error');
      const emit = (op: OpName, dims: LoopDims, reads: string[], writes: string[]) =>
        this.backwardOps.push({ op, layer: n.name, phase: 'backward', dims, reads, writes });
      const elems = numel(this.shapeOf(n.output));
      switch (n.kind) {
        case 'loss': {
          const probs = this.def(tensorId.part(n.name, 'probs'), this.shapeOf(n.inputs[0]), 'activation');
          outputError = this.def(errorId(n.inputs[0], n.name), this.shapeOf(n.inputs[0]), 'error');
          emit('loss.backward', { N: g.batch, K: g.classes, macs: g.batch * g.classes }, [probs, g.label], [outputError]);
          this.contribute(n.inputs[0], outputError);
          break;
        }
        case 'batchnorm': {
          const [gamma, beta] = [tensorId.part(n.name, 'weight'), tensorId.part(n.name, 'bias')];
          const writes = [this.def(tensorId.grad(gamma), [n.channels], 'weight_gradient'), this.def(tensorId.grad(beta), [n.channels], 'weight_gradient')];
          if (grad.has(x)) writes.unshift(dx());
          const stats = tensorId.part(n.name, 'batch_stats');
          // In-place ABN keeps the output and inverts it: x̂ = (y − β) / γ.
          const reads = this.options.stash.keep === 'bn-outputs' ? [dy!, n.output, gamma, beta, stats] : [dy!, x, gamma, stats];
          emit('batchnorm.backward', { N: g.batch, C: n.channels, macs: 2 * elems }, reads, writes);
          if (grad.has(x)) this.contribute(x, writes[0]);
          break;
        }
        case 'relu':
          if (!grad.has(x)) break;
          emit('relu.backward', { macs: elems }, [dy!, this.options.stash.relu === 'mask' ? tensorId.part(n.name, 'mask') : n.output], [dx()]);
          this.contribute(x, errorId(x, n.name));
          break;
        case 'maxpool': {
          if (!grad.has(x)) break;
          const reads = [dy!, tensorId.part(n.name, 'argmax')];
          if (this.options.stash.maxpool === 'input+index') reads.splice(1, 0, x);
          emit(
            'maxpool.backward',
            { ...poolDims((id) => this.shapeOf(id), n.inputs[0], n.output, n.kernel, n.stride, n.ceil, n.padding), macs: numel(this.shapeOf(x)) },
            reads,
            [dx()],
          );
          this.contribute(x, errorId(x, n.name));
          break;
        }
        case 'avgpool':
          if (!grad.has(x)) break;
          emit(
            'avgpool.backward',
            { ...poolDims((id) => this.shapeOf(id), x, n.output, n.kernel, n.kernel, false), macs: numel(this.shapeOf(x)) },
            [dy!],
            [dx()],
          );
          this.contribute(x, errorId(x, n.name));
          break;
        case 'add':
          for (const i of n.inputs) if (grad.has(i)) this.contribute(i, dy!);
          break;
        case 'conv2d':
        case 'linear':
          this.weightedBackward(n, dy!, grad.has(x), emit);
          break;
      }
    }
  }

  private weightedBackward(
    n: ConvNode | LinearNode,
    dy: string,
    needDx: boolean,
    emit: (op: OpName, dims: LoopDims, reads: string[], writes: string[]) => void,
  ): void {
    if (n.mode === 'frozen') return;
    const x = n.inputs[0];
    const dims = layerDims(n, this.graph.batch, (id) => this.shapeOf(id));
    const prefix = n.kind === 'conv2d' ? 'conv2d' : 'linear';
    let activation = x;
    if (n.kind === 'conv2d' && (n.mode === 'as' || n.mode === 'asap') && n.shared) activation = this.matchShared(n, emit);
    const writes = [this.def(tensorId.grad(tensorId.part(n.name, 'weight')), weightShape(n), 'weight_gradient')];
    if (n.bias) writes.push(this.def(tensorId.grad(tensorId.part(n.name, 'bias')), [n.kind === 'conv2d' ? n.outChannels : n.outFeatures], 'weight_gradient'));
    emit(`${prefix}.backward_weight` as OpName, dims, [dy, activation], writes);
    if (!needDx) return;
    const useB = n.mode === 'fa' || n.mode === 'kp' || n.mode === 'asap';
    const w = useB ? this.def(tensorId.part(n.name, 'feedback'), weightShape(n), 'feedback_weight', true) : tensorId.part(n.name, 'weight');
    const out = this.def(errorId(x, n.name), this.shapeOf(x), 'error');
    emit(`${prefix}.backward_data` as OpName, dims, [dy, w], [out]);
    this.contribute(x, out);
  }

  /** Shared activation matched to the layer's input: channels repeated, then max-pooled by the spatial ratio. */
  private matchShared(n: ConvNode, emit: (op: OpName, dims: LoopDims, reads: string[], writes: string[]) => void): string {
    const s = n.shared!;
    const [, sc, sh, sw] = this.shapeOf(s);
    const [bn, c, h, w] = this.shapeOf(n.inputs[0]);
    if (c % sc !== 0 || sh % h !== 0 || sh / h !== sw / w)
      throw new Error(`${n.name}: shared activation [${this.shapeOf(s)}] cannot be matched to input [${this.shapeOf(n.inputs[0])}]`);
    const repeat = c / sc;
    const pool = sh / h;
    if (repeat === 1 && pool === 1) return s;
    const out = this.def(tensorId.part(n.name, 'matched'), [bn, c, h, w], 'other');
    emit('share.match', { N: bn, C: sc, K: c, H: sh, W: sw, P: h, Q: w, repeat, pool, macs: bn * c * sh * sw }, [s], [out]);
    return out;
  }

  private removeDeadOps(): void {
    for (;;) {
      const read = new Set(this.backwardOps.flatMap((o) => o.reads));
      const live = this.backwardOps.filter((o) => o.writes.some((w) => read.has(w) || this.tensors.get(w)?.role === 'weight_gradient'));
      if (live.length === this.backwardOps.length) return;
      this.backwardOps = live;
    }
  }

  /**
   * The stash policy's recompute ops, then ASAP's pooled shared stash and grouped schedule. Returns the
   * pooled copies the forward pass makes, keyed by the shared activation.
   */
  private applyPolicies(): PooledCopies {
    const knobs = this.options.asap ?? officialAsapKnobs;
    this.backwardOps = planStash(
      {
        graph: this.graph,
        keep: this.options.stash.keep ?? 'all',
        def: (id, shape, role, persistent) => this.def(id, shape, role, persistent),
        shapeOf: (id) => this.shapeOf(id),
        forwardOf: (n) => this.forwardOp(n, new Set()),
        passesThrough: (id) => {
          const t = this.tensors.get(id);
          // Stash parts (masks, argmax, statistics) are not defined until the forward pass: never pass-through.
          return t !== undefined && (t.persistent || t.role === 'error' || t.role === 'label' || t.role === 'other');
        },
      },
      this.backwardOps,
    );
    const ctx: KnobContext = {
      def: (id, shape, role, persistent) => this.def(id, shape, role, persistent),
      shapeOf: (id) => this.shapeOf(id),
      bytesOf: (id) => tensorBytes(this.shapeOf(id), this.options.dtypes[this.tensors.get(id)!.role]),
    };
    let copies: PooledCopies = new Map();
    if (knobs.sharedStash === 'pooled') ({ backwardOps: this.backwardOps, copies } = poolSharedStash(ctx, this.backwardOps));
    if (knobs.shareSchedule === 'grouped') {
      const shared = new Map(this.graph.nodes.flatMap((n) => (n.kind === 'conv2d' && n.shared ? [[n.name, n.shared] as const] : [])));
      this.backwardOps = groupSharedGradients(ctx, this.backwardOps, (layer) => shared.get(layer), this.options.groupBudgetBytes ?? Infinity);
    }
    return copies;
  }

  private forwardOp(n: LayerNode, stashRead: Set<string>): Op {
    const g = this.graph;
    const x = n.inputs[0];
    const op = (name: OpName, dims: LoopDims, reads: string[], writes: string[]): Op => ({ op: name, layer: n.name, phase: 'forward', dims, reads, writes });
    const elems = numel(this.shapeOf(n.output));
    const stash = (id: string, shape: Shape, role: TensorRole) => (stashRead.has(id) ? [this.def(id, shape, role)] : []);
    switch (n.kind) {
      case 'conv2d':
      case 'linear': {
        const w = this.def(tensorId.part(n.name, 'weight'), weightShape(n), 'weight', true);
        const reads = [x, w];
        if (n.bias) reads.push(this.def(tensorId.part(n.name, 'bias'), [n.kind === 'conv2d' ? n.outChannels : n.outFeatures], 'weight', true));
        return op(
          n.kind,
          layerDims(n, this.graph.batch, (id) => this.shapeOf(id)),
          reads,
          [n.output],
        );
      }
      case 'batchnorm': {
        const c = n.channels;
        const params = [this.def(tensorId.part(n.name, 'weight'), [c], 'weight', true), this.def(tensorId.part(n.name, 'bias'), [c], 'weight', true)];
        const running = this.def(tensorId.part(n.name, 'running_stats'), [2, c], 'other', true);
        return op(
          'batchnorm',
          { N: g.batch, C: c, macs: 2 * elems },
          [x, ...params, running],
          [n.output, ...stash(tensorId.part(n.name, 'batch_stats'), [2, c], 'bn_state'), running],
        );
      }
      case 'relu':
        return op('relu', { macs: elems }, [x], [n.output, ...stash(tensorId.part(n.name, 'mask'), this.shapeOf(n.output), 'relu_mask')]);
      case 'maxpool':
        return op(
          'maxpool',
          { ...poolDims((id) => this.shapeOf(id), x, n.output, n.kernel, n.stride, n.ceil, n.padding), macs: numel(this.shapeOf(x)) },
          [x],
          [n.output, ...stash(tensorId.part(n.name, 'argmax'), this.shapeOf(n.output), 'pool_index')],
        );
      case 'avgpool':
        return op('avgpool', { ...poolDims((id) => this.shapeOf(id), x, n.output, n.kernel, n.kernel, false), macs: numel(this.shapeOf(x)) }, [x], [n.output]);
      case 'add':
        return op('add', { macs: elems }, [...n.inputs], [n.output]);
      case 'loss':
        return op(
          'loss',
          { N: g.batch, K: n.classes, macs: g.batch * n.classes },
          [...n.inputs],
          [n.output, ...stash(tensorId.part(n.name, 'probs'), this.shapeOf(x), 'activation')],
        );
    }
  }

  private assignSavedRoles(ops: Op[]): void {
    for (const o of ops) {
      if (o.phase !== 'backward') continue;
      for (const r of o.reads) {
        const t = this.tensors.get(r);
        if (!t) throw new Error(`program: backward op ${o.op} ${o.layer} reads undefined ${r}`);
        if (t.persistent || t.role === 'error' || t.role === 'label') continue;
        // A BN-apply recomputed in backward (op batchnorm) reads BN state as batch norm's backward does.
        const asBnState = (o.op === 'batchnorm.backward' || o.op === 'batchnorm') && t.role !== 'saved_activation';
        if (t.role === 'activation' || t.role === 'input' || t.role === 'bn_state') t.role = asBnState ? 'bn_state' : 'saved_activation';
      }
    }
  }

  private materialize(ops: Op[]): TraceEvent[] {
    const lastUse = new Map<string, number>();
    ops.forEach((o, i) => [...o.reads, ...o.writes].forEach((t) => lastUse.set(t, i)));
    const frees: string[][] = ops.map(() => []);
    for (const [t, i] of lastUse) if (!this.tensors.get(t)!.persistent) frees[i].push(t);
    const ref = (id: string): TensorRef => {
      const t = this.tensors.get(id);
      if (!t) throw new Error(`program: unknown tensor ${id}`);
      const dtype = this.options.dtypes[t.role];
      const r: TensorRef = { id, role: t.role, shape: t.shape, dtype, bytes: tensorBytes(t.shape, dtype) };
      if (t.persistent) r.persistent = true;
      return r;
    };
    // Every op as the op table describes it: the lowering and the replay read operands by position.
    for (const o of ops) checkOperands(o.op, o.reads.length, o.writes.length);
    return ops.map((o, seq) => ({
      type: 'op',
      seq,
      op: o.op,
      layer: o.layer,
      phase: o.phase,
      dims: o.dims,
      reads: o.reads.map(ref),
      writes: o.writes.map(ref),
      frees: frees[seq],
    }));
  }
}
