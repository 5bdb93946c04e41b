// The network as a dataflow graph of layer nodes with inferred shapes. Models build it; rules annotate
// how each parameterised layer learns; the step program (program.ts) turns it into trace events.

/** How a conv/linear layer learns: where its error goes down and what its weight gradient reads. */
export type LearningMode =
  | 'bp' // error W^T δ, ΔW from own input
  | 'fa' // error B^T δ (B fixed), ΔW from own input
  | 'kp' // error B^T δ, ΔW from own input, ΔB = ΔW
  | 'as' // error W^T δ, ΔW from the shared activation
  | 'asap' // error B^T δ, ΔW from the shared activation, ΔB = ΔW
  | 'frozen'; // no update, no error below (the detached first conv of ASAP layouts)

export type Shape = number[];

export interface TensorNode {
  id: string;
  shape: Shape;
}

interface NodeBase {
  name: string;
  inputs: string[];
  output: string;
  /** The block the node belongs to (a residual block, a conv-BN-ReLU-pool group): checkpointing's unit. */
  block?: string;
}
export interface ConvNode extends NodeBase {
  kind: 'conv2d';
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  padding: number;
  bias: boolean;
  mode: LearningMode;
  /** Tensor whose (matched) value replaces the input in ΔW under as/asap. */
  shared?: string;
}
export interface LinearNode extends NodeBase {
  kind: 'linear';
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  mode: LearningMode;
}
export interface BatchNormNode extends NodeBase {
  kind: 'batchnorm';
  channels: number;
}
export interface ReluNode extends NodeBase {
  kind: 'relu';
}
export interface MaxPoolNode extends NodeBase {
  kind: 'maxpool';
  kernel: number;
  stride: number;
  ceil: boolean;
  padding: number;
}
export interface AvgPoolNode extends NodeBase {
  kind: 'avgpool';
  kernel: number;
}
export interface AddNode extends NodeBase {
  kind: 'add';
}
export interface LossNode extends NodeBase {
  kind: 'loss';
  classes: number;
}
export type LayerNode = ConvNode | LinearNode | BatchNormNode | ReluNode | MaxPoolNode | AvgPoolNode | AddNode | LossNode;

export interface Graph {
  model: string;
  batch: number;
  inputShape: Shape; // per sample, CHW
  classes: number;
  nodes: LayerNode[];
  tensors: Map<string, TensorNode>;
  input: string;
  label: string;
  logits: string;
  loss: string;
  /** Tensors whose producer is cut from the gradient (the frozen conv's output). */
  detached: Set<string>;
  /** DFA feedback receiver points, in forward order: their error is B_l·e, not what comes from above. */
  receivers: string[];
}

export function numel(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Output size of a pooling/conv window, PyTorch's formula (ceil mode drops windows that start in padding). */
export function windowOut(size: number, kernel: number, stride: number, padding: number, ceil: boolean): number {
  const span = size + 2 * padding - kernel;
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceil && (out - 1) * stride >= size + padding) out -= 1;
  return out;
}

/** Builds a graph one layer at a time; each method returns the new tensor's id. */
export class GraphBuilder {
  readonly nodes: LayerNode[] = [];
  readonly tensors = new Map<string, TensorNode>();
  readonly detached = new Set<string>();
  readonly receivers: string[] = [];
  readonly input: string;
  readonly label: string;
  private currentBlock: string | undefined;

  constructor(
    readonly model: string,
    readonly batch: number,
    readonly inputShape: Shape,
    readonly classes: number,
  ) {
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be a positive integer, got ${batch}`);
    this.input = this.tensor('input', [batch, ...inputShape]);
    this.label = this.tensor('label', [batch]);
  }

  /** Nodes added from now on belong to this block (checkpointing re-runs a block from its input). */
  block(name: string): void {
    this.currentBlock = name;
  }

  private push(node: LayerNode): void {
    this.nodes.push(this.currentBlock === undefined ? node : { ...node, block: this.currentBlock });
  }

  shape(id: string): Shape {
    const t = this.tensors.get(id);
    if (!t) throw new Error(`unknown tensor ${id}`);
    return t.shape;
  }

  private tensor(id: string, shape: Shape): string {
    if (this.tensors.has(id)) throw new Error(`duplicate tensor id ${id}`);
    if (shape.some((d) => !Number.isInteger(d) || d < 1)) throw new RangeError(`tensor ${id} has invalid shape [${shape}]`);
    this.tensors.set(id, { id, shape });
    return id;
  }

  conv(
    name: string,
    x: string,
    o: { out: number; kernel: number; stride?: number; padding?: number; bias?: boolean; mode: LearningMode; shared?: string },
  ): string {
    const [n, c, h, w] = this.shape(x);
    const stride = o.stride ?? 1;
    const padding = o.padding ?? 0;
    const out = this.tensor(`${name}.out`, [n, o.out, windowOut(h, o.kernel, stride, padding, false), windowOut(w, o.kernel, stride, padding, false)]);
    this.push({
      kind: 'conv2d',
      name,
      inputs: [x],
      output: out,
      inChannels: c,
      outChannels: o.out,
      kernel: o.kernel,
      stride,
      padding,
      bias: o.bias ?? false,
      mode: o.mode,
      shared: o.shared,
    });
    return out;
  }

  linear(name: string, x: string, o: { out: number; bias?: boolean; mode: LearningMode }): string {
    const s = this.shape(x);
    const inFeatures = numel(s.slice(1));
    const out = this.tensor(`${name}.out`, [s[0], o.out]);
    this.push({ kind: 'linear', name, inputs: [x], output: out, inFeatures, outFeatures: o.out, bias: o.bias ?? true, mode: o.mode });
    return out;
  }

  batchnorm(name: string, x: string): string {
    const s = this.shape(x);
    const out = this.tensor(`${name}.out`, [...s]);
    this.push({ kind: 'batchnorm', name, inputs: [x], output: out, channels: s[1] });
    return out;
  }

  relu(name: string, x: string): string {
    const out = this.tensor(`${name}.out`, [...this.shape(x)]);
    this.push({ kind: 'relu', name, inputs: [x], output: out });
    return out;
  }

  maxpool(name: string, x: string, kernel: number, stride = kernel, ceil = false, padding = 0): string {
    const [n, c, h, w] = this.shape(x);
    const out = this.tensor(`${name}.out`, [n, c, windowOut(h, kernel, stride, padding, ceil), windowOut(w, kernel, stride, padding, ceil)]);
    this.push({ kind: 'maxpool', name, inputs: [x], output: out, kernel, stride, ceil, padding });
    return out;
  }

  /** Average pool with kernel = stride; kernel 0 means global (adaptive to 1x1). */
  avgpool(name: string, x: string, kernel = 0): string {
    const [n, c, h, w] = this.shape(x);
    const k = kernel || h;
    if (kernel === 0 && h !== w) throw new RangeError(`${name}: global average pool needs a square input, got ${h}x${w}`);
    const out = this.tensor(`${name}.out`, [n, c, Math.floor(h / k), Math.floor(w / k)]);
    this.push({ kind: 'avgpool', name, inputs: [x], output: out, kernel: k });
    return out;
  }

  add(name: string, a: string, b: string): string {
    const sa = this.shape(a);
    const sb = this.shape(b);
    if (sa.join() !== sb.join()) throw new RangeError(`${name}: cannot add [${sa}] and [${sb}]`);
    const out = this.tensor(`${name}.out`, [...sa]);
    this.push({ kind: 'add', name, inputs: [a, b], output: out });
    return out;
  }

  /** Cuts the gradient at x: nothing below it learns from this step's error. */
  detach(x: string): string {
    this.detached.add(x);
    return x;
  }

  /** Marks a DFA feedback receiver point. */
  receiver(x: string): string {
    this.receivers.push(x);
    return x;
  }

  finish(logits: string): Graph {
    const loss = this.tensor('loss', [1]);
    this.block('loss');
    this.push({ kind: 'loss', name: 'loss', inputs: [logits, this.label], output: loss, classes: this.classes });
    return {
      model: this.model,
      batch: this.batch,
      inputShape: this.inputShape,
      classes: this.classes,
      nodes: this.nodes,
      tensors: this.tensors,
      input: this.input,
      label: this.label,
      logits,
      loss,
      detached: this.detached,
      receivers: this.receivers,
    };
  }
}
