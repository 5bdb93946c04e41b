// Trace schema v1: JSON Lines, a header line then one event per op in execution order. The JSON Schema
// twin of these types is trace.schema.json; docs/trace.md explains every field.

export const TRACE_SCHEMA = 'asapsim-trace';
export const TRACE_VERSION = 1;

export type Phase = 'forward' | 'backward' | 'update';

export const tensorRoles = [
  'input', // the input batch
  'label',
  'activation', // a forward value no backward op reads
  'saved_activation', // a forward value kept for the backward pass (conv/linear input, shared activation, ReLU output under the pytorch policy)
  'bn_state', // what batch norm keeps for backward: its input and batch statistics
  'relu_mask', // the 1-bit ReLU mask
  'pool_index', // max-pool argmax
  'weight', // W, biases, BN affine parameters
  'feedback_weight', // B (FA, KP, ASAP, DFA)
  'weight_gradient', // ΔW (and ΔB where it equals ΔW)
  'error', // δ flowing backward, and the output error
  'optimizer_state', // SGD momentum
  'other', // loss, BN running statistics, matched shared activations
] as const;
export type TensorRole = (typeof tensorRoles)[number];

export const elementTypes = { fp32: 32, bf16: 16, fp16: 16, int8: 8, int32: 32, int64: 64, bit: 1 } as const;
export type ElementType = keyof typeof elementTypes;

export interface TensorRef {
  id: string;
  role: TensorRole;
  shape: number[];
  dtype: ElementType;
  /** ceil(product(shape) × bits(dtype) / 8) */
  bytes: number;
  /** Lives across steps (weights, B, optimizer state, running statistics): never freed. */
  persistent?: boolean;
}

/** Loop dimensions and attributes of an op; every key is optional and only the relevant ones appear. */
export interface LoopDims {
  N?: number; // batch
  C?: number; // input channels / features
  K?: number; // output channels / features
  H?: number; // input height
  W?: number; // input width
  P?: number; // output height
  Q?: number; // output width
  R?: number; // kernel height
  S?: number; // kernel width
  stride?: number;
  padding?: number;
  ceil?: boolean;
  /** Shared-activation matching: channel repeat factor and max-pool factor. */
  repeat?: number;
  pool?: number;
  /** Multiply-accumulates of the op (the compute model's input). */
  macs: number;
}

export type OpName =
  | 'conv2d'
  | 'conv2d.backward_data'
  | 'conv2d.backward_weight'
  | 'linear'
  | 'linear.backward_data'
  | 'linear.backward_weight'
  | 'batchnorm'
  | 'batchnorm.backward'
  | 'relu'
  | 'relu.backward'
  | 'maxpool'
  | 'maxpool.backward'
  | 'avgpool'
  | 'avgpool.backward'
  | 'add'
  | 'grad.accumulate'
  | 'loss'
  | 'loss.backward'
  | 'share.match'
  | 'dfa.project'
  | 'sgd.update';

export interface TraceEvent {
  type: 'op';
  seq: number;
  op: OpName;
  /** The layer (graph node) the op belongs to. */
  layer: string;
  phase: Phase;
  dims: LoopDims;
  reads: TensorRef[];
  writes: TensorRef[];
  /** Non-persistent tensors whose last use is this op; they are dead after it. */
  frees: string[];
}

export interface StashPolicy {
  name: string;
  /** 'mask': ReLU keeps a 1-bit mask; 'output': ReLU keeps its output (PyTorch). */
  relu: 'mask' | 'output';
  /** 'index': max pool keeps its argmax only; 'input+index': its input and the argmax (PyTorch). */
  maxpool: 'index' | 'input+index';
  /**
   * Which forward values are stored for backward; the rest are recomputed in the backward pass by ops of
   * the program (absent = 'all'): 'all' (pytorch, compact), 'conv-outputs' (recompute: BN-apply, ReLU and
   * max pool re-run from the kept conv outputs), 'bn-outputs' (inplace-abn: BN backward inverts its kept
   * output, the ReLU after it re-runs), 'block-inputs' (checkpoint: each block re-runs from its input).
   */
  keep?: StashKeep;
}

export type StashKeep = 'all' | 'conv-outputs' | 'bn-outputs' | 'block-inputs';

/** How an ASAP (and AS/KP) step is built; docs/stash.md gives each choice and the official code's value. */
export interface AsapKnobs {
  /** full: the shared activation stored as computed; pooled: max-pooled copy when every consumer pools it. */
  sharedStash: 'full' | 'pooled';
  /** own-momentum: B is an optimizer parameter (official); delta: B += W's step, fused; fixed: B never changes. */
  feedbackUpdate: 'own-momentum' | 'delta' | 'fixed';
  /** per-layer: each ΔW right after its error (official); grouped: ΔW ops reading one shared activation run together. */
  shareSchedule: 'per-layer' | 'grouped';
}

export interface TraceHeader {
  type: 'header';
  schema: typeof TRACE_SCHEMA;
  version: typeof TRACE_VERSION;
  model: string;
  rule: string;
  k: number;
  label: string;
  batch: number;
  inputShape: number[];
  classes: number;
  width: number;
  stash: StashPolicy;
  /** The ASAP implementation knobs the program was built with (absent: the official code's). */
  asap?: AsapKnobs;
  /** Element type per tensor role. */
  dtypes: Record<TensorRole, ElementType>;
  /** How the trace was made: 'shape' (shape-only executor) or 'tfjs:<backend>' (a real training step). */
  source: string;
  producer: { tool: string; version: string };
}

/** One training step's trace held in memory: its header and its events in order. */
export interface Trace {
  header: TraceHeader;
  events: TraceEvent[];
}

export function tensorBytes(shape: number[], dtype: ElementType): number {
  const n = shape.reduce((a, b) => a * b, 1);
  return Math.ceil((n * elementTypes[dtype]) / 8);
}
