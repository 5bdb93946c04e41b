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
import type { ElementType, LoopDims, OpName, Phase, StashPolicy, TensorRef, TensorRole, TraceEvent } from '../trace/schema.ts';
import { checkOperands } from '../trace/ops.ts';
import { tensorBytes } from '../trace/schema.ts';

export interface ProgramOptions {
  stash: StashPolicy;
  dtypes: Record<TensorRole, ElementType>;
}

interface TensorDef {
  id: string;
  shape: Shape;
  role: TensorRole;
  persistent: boolean;
}

interface Op {
  op: OpName;
  layer: string;
  phase: Phase;
  dims: LoopDims;
  reads: string[];
  writes: string[];
}

const errorId = (t: string, by: string) => `d:${t}@${by}`;

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
    this.reuseSavedReluOutputs();
    const stashRead = new Set(this.backwardOps.flatMap((o) => o.reads));
    const forward = g.nodes.map((n) => this.forwardOp(n, stashRead));
    const update = this.updateOps();
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
      const b = this.def(`${t}.dfa_B`, [g.classes, numel(this.shapeOf(t).slice(1))], 'feedback_weight', true);
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
    const out = this.def(`d:${t}`, this.shapeOf(t), 'error');
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
          const probs = this.def(`${n.name}.probs`, this.shapeOf(n.inputs[0]), 'activation');
          outputError = this.def(errorId(n.inputs[0], n.name), this.shapeOf(n.inputs[0]), 'error');
          emit('loss.backward', { N: g.batch, K: g.classes, macs: g.batch * g.classes }, [probs, g.label], [outputError]);
          this.contribute(n.inputs[0], outputError);
          break;
        }
        case 'batchnorm': {
          const [gamma, beta] = [`${n.name}.weight`, `${n.name}.bias`];
          const writes = [this.def(`${gamma}.grad`, [n.channels], 'weight_gradient'), this.def(`${beta}.grad`, [n.channels], 'weight_gradient')];
          if (grad.has(x)) writes.unshift(dx());
          emit('batchnorm.backward', { N: g.batch, C: n.channels, macs: 2 * elems }, [dy!, x, gamma, `${n.name}.batch_stats`], writes);
          if (grad.has(x)) this.contribute(x, writes[0]);
          break;
        }
        case 'relu':
          if (!grad.has(x)) break;
          emit('relu.backward', { macs: elems }, [dy!, this.options.stash.relu === 'mask' ? `${n.name}.mask` : n.output], [dx()]);
          this.contribute(x, errorId(x, n.name));
          break;
        case 'maxpool': {
          if (!grad.has(x)) break;
          const reads = [dy!, `${n.name}.argmax`];
          if (this.options.stash.maxpool === 'input+index') reads.splice(1, 0, x);
          emit('maxpool.backward', { ...this.poolDims(n.inputs[0], n.output, n.kernel, n.stride, n.ceil, n.padding), macs: numel(this.shapeOf(x)) }, reads, [
            dx(),
          ]);
          this.contribute(x, errorId(x, n.name));
          break;
        }
        case 'avgpool':
          if (!grad.has(x)) break;
          emit('avgpool.backward', { ...this.poolDims(x, n.output, n.kernel, n.kernel, false), macs: numel(this.shapeOf(x)) }, [dy!], [dx()]);
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
    const dims = this.layerDims(n);
    const prefix = n.kind === 'conv2d' ? 'conv2d' : 'linear';
    let activation = x;
    if (n.kind === 'conv2d' && (n.mode === 'as' || n.mode === 'asap') && n.shared) activation = this.matchShared(n, emit);
    const writes = [this.def(`${n.name}.weight.grad`, this.weightShape(n), 'weight_gradient')];
    if (n.bias) writes.push(this.def(`${n.name}.bias.grad`, [n.kind === 'conv2d' ? n.outChannels : n.outFeatures], 'weight_gradient'));
    emit(`${prefix}.backward_weight` as OpName, dims, [dy, activation], writes);
    if (!needDx) return;
    const useB = n.mode === 'fa' || n.mode === 'kp' || n.mode === 'asap';
    const w = useB ? this.def(`${n.name}.feedback`, this.weightShape(n), 'feedback_weight', true) : `${n.name}.weight`;
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
    const out = this.def(`${n.name}.matched`, [bn, c, h, w], 'other');
    emit('share.match', { N: bn, C: sc, K: c, H: sh, W: sw, P: h, Q: w, repeat, pool, macs: bn * c * sh * sw }, [s], [out]);
    return out;
  }

  private weightShape(n: ConvNode | LinearNode): Shape {
    return n.kind === 'conv2d' ? [n.outChannels, n.inChannels, n.kernel, n.kernel] : [n.outFeatures, n.inFeatures];
  }

  private layerDims(n: ConvNode | LinearNode): LoopDims {
    const N = this.graph.batch;
    if (n.kind === 'linear') return { N, C: n.inFeatures, K: n.outFeatures, macs: N * n.inFeatures * n.outFeatures };
    const [, , H, W] = this.shapeOf(n.inputs[0]);
    const [, , P, Q] = this.shapeOf(n.output);
    const R = n.kernel;
    return {
      N,
      C: n.inChannels,
      K: n.outChannels,
      H,
      W,
      P,
      Q,
      R,
      S: R,
      stride: n.stride,
      padding: n.padding,
      macs: N * n.outChannels * P * Q * n.inChannels * R * R,
    };
  }

  private poolDims(x: string, y: string, kernel: number, stride: number, ceil: boolean, padding = 0): Omit<LoopDims, 'macs'> {
    const [N, C, H, W] = this.shapeOf(x);
    const [, , P, Q] = this.shapeOf(y);
    return { N, C, H, W, P, Q, R: kernel, S: kernel, stride, ceil, ...(padding ? { padding } : {}) };
  }

  private removeDeadOps(): void {
    for (;;) {
      const read = new Set(this.backwardOps.flatMap((o) => o.reads));
      const live = this.backwardOps.filter((o) => o.writes.some((w) => read.has(w) || this.tensors.get(w)?.role === 'weight_gradient'));
      if (live.length === this.backwardOps.length) return;
      this.backwardOps = live;
    }
  }

  /** A ReLU whose output is saved anyway (the next conv's input under BP) needs no mask: output > 0 is the mask. */
  private reuseSavedReluOutputs(): void {
    const readers = new Map<string, number>();
    for (const o of this.backwardOps) for (const r of o.reads) readers.set(r, (readers.get(r) ?? 0) + 1);
    for (const n of this.graph.nodes) {
      if (n.kind !== 'relu' || !readers.has(n.output)) continue;
      for (const o of this.backwardOps)
        if (o.op === 'relu.backward' && o.layer === n.name) o.reads = o.reads.map((r) => (r === `${n.name}.mask` ? n.output : r));
    }
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
        const w = this.def(`${n.name}.weight`, this.weightShape(n), 'weight', true);
        const reads = [x, w];
        if (n.bias) reads.push(this.def(`${n.name}.bias`, [n.kind === 'conv2d' ? n.outChannels : n.outFeatures], 'weight', true));
        return op(n.kind, this.layerDims(n), reads, [n.output]);
      }
      case 'batchnorm': {
        const c = n.channels;
        const params = [this.def(`${n.name}.weight`, [c], 'weight', true), this.def(`${n.name}.bias`, [c], 'weight', true)];
        const running = this.def(`${n.name}.running_stats`, [2, c], 'other', true);
        return op(
          'batchnorm',
          { N: g.batch, C: c, macs: 2 * elems },
          [x, ...params, running],
          [n.output, ...stash(`${n.name}.batch_stats`, [2, c], 'bn_state'), running],
        );
      }
      case 'relu':
        return op('relu', { macs: elems }, [x], [n.output, ...stash(`${n.name}.mask`, this.shapeOf(n.output), 'relu_mask')]);
      case 'maxpool':
        return op(
          'maxpool',
          { ...this.poolDims(x, n.output, n.kernel, n.stride, n.ceil, n.padding), macs: numel(this.shapeOf(x)) },
          [x],
          [n.output, ...stash(`${n.name}.argmax`, this.shapeOf(n.output), 'pool_index')],
        );
      case 'avgpool':
        return op('avgpool', { ...this.poolDims(x, n.output, n.kernel, n.kernel, false), macs: numel(this.shapeOf(x)) }, [x], [n.output]);
      case 'add':
        return op('add', { macs: elems }, [...n.inputs], [n.output]);
      case 'loss':
        return op(
          'loss',
          { N: g.batch, K: n.classes, macs: g.batch * n.classes },
          [...n.inputs],
          [n.output, ...stash(`${n.name}.probs`, this.shapeOf(x), 'activation')],
        );
    }
  }

  private updateOps(): Op[] {
    const ops: Op[] = [];
    const sgd = (layer: string, param: string, gradient: string) => {
      const p = this.tensors.get(param)!;
      const m = this.def(`${param}.momentum`, p.shape, 'optimizer_state', true);
      ops.push({ op: 'sgd.update', layer, phase: 'update', dims: { macs: 3 * numel(p.shape) }, reads: [param, gradient, m], writes: [param, m] });
    };
    const gradients = new Set(this.backwardOps.flatMap((o) => o.writes));
    for (const n of this.graph.nodes) {
      for (const p of ['weight', 'bias']) {
        const param = `${n.name}.${p}`;
        if (gradients.has(`${param}.grad`)) sgd(n.name, param, `${param}.grad`);
      }
      // KP and ASAP: B takes W's update (ΔB = ΔW), with its own momentum and the same weight decay.
      if ((n.kind === 'conv2d' || n.kind === 'linear') && (n.mode === 'kp' || n.mode === 'asap') && gradients.has(`${n.name}.weight.grad`)) {
        sgd(n.name, this.def(`${n.name}.feedback`, this.weightShape(n), 'feedback_weight', true), `${n.name}.weight.grad`);
      }
    }
    return ops;
  }

  private assignSavedRoles(ops: Op[]): void {
    for (const o of ops) {
      if (o.phase !== 'backward') continue;
      for (const r of o.reads) {
        const t = this.tensors.get(r)!;
        if (t.persistent || t.role === 'error' || t.role === 'label') continue;
        const asBnState = o.op === 'batchnorm.backward' && t.role !== 'saved_activation';
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
