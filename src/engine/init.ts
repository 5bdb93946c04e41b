// Parameter and state initialisation, seeded per tensor id (adding a layer does not reshuffle the others):
//   conv (nn.Conv2d and the official FA/ASAP convs): W ~ kaiming-uniform(a=√5) = U(±1/√fan_in), bias U(±1/√fan_in);
//     B (FA/KP/ASAP) an independent draw from the same law, or W's initial value under faConvB 'w-init';
//   linear under BP (nn.Linear): as conv; non-BP linear (the official Linear_FA, used under every other rule):
//     W ~ kaiming-uniform(a=0) = U(±√(6/fan_in)), bias 0, B ~ U(−1, 1) (faBInit 'scaled': W's law);
//   DFA B_l ~ N(0, std √(1/classes)); BN γ = 1, β = 0, running mean 0 / var 1; optimizer state 0.
import * as tf from '@tensorflow/tfjs-core';
import type { ConvNode, Graph, LinearNode } from '../net/graph.ts';
import type { TensorRef, TraceEvent } from '../trace/schema.ts';
import { toEngineLayout } from './kernels/layout.ts';
import type { EngineOptions } from './options.ts';
import { Prng } from '../util/prng.ts';
import { parseTensorId, tensorId } from '../net/tensor-id.ts';

type Draw = (rng: Prng) => number;

function fill(shape: number[], rng: Prng, draw: Draw): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = draw(rng);
  return a;
}

/** Every persistent tensor of the program with its trace-layout shape, in first-use order. */
export function persistentTensors(events: TraceEvent[]): TensorRef[] {
  const seen = new Map<string, TensorRef>();
  for (const e of events) for (const r of [...e.reads, ...e.writes]) if (r.persistent && !seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}

export function initialValue(graph: Graph, ref: TensorRef, seed: number, options: EngineOptions): Float32Array {
  const { id, shape } = ref;
  const layers = new Map(graph.nodes.map((n) => [n.name, n]));
  const rng = Prng.derive(seed, id);
  const parsed = parseTensorId(id);
  if (parsed.kind === 'derived' && parsed.part === 'momentum') return new Float32Array(shape.reduce((a, b) => a * b, 1));
  const owned = parsed.kind === 'part' ? parsed : undefined;
  const suffix = owned?.part;
  if (suffix === 'dfa_B') return fill(shape, rng, (r) => r.normal(0, Math.sqrt(1 / graph.classes)));
  const layer = owned && layers.get(owned.layer);
  if (!layer || !suffix) throw new Error(`init: no rule for tensor ${id}`);
  if (layer.kind === 'batchnorm') {
    const c = layer.channels;
    if (suffix === 'weight') return new Float32Array(c).fill(1);
    if (suffix === 'bias') return new Float32Array(c);
    const s = new Float32Array(2 * c);
    s.fill(1, c);
    return s;
  }
  if (layer.kind !== 'conv2d' && layer.kind !== 'linear') throw new Error(`init: ${id} belongs to a ${layer.kind} layer`);
  const fanIn = layer.kind === 'conv2d' ? layer.inChannels * layer.kernel * layer.kernel : layer.inFeatures;
  const official = layer.kind === 'linear' && layer.mode !== 'bp';
  const bound = official ? Math.sqrt(6 / fanIn) : 1 / Math.sqrt(fanIn);
  if (suffix === 'weight') return fill(shape, rng, (r) => r.uniform(-bound, bound));
  if (suffix === 'bias')
    return official ? new Float32Array(shape[0]) : fill(shape, Prng.derive(seed, `${id}`), (r) => r.uniform(-1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
  // feedback
  if (layer.kind === 'linear')
    return options.faBInit === 'scaled' ? fill(shape, rng, (r) => r.uniform(-bound, bound)) : fill(shape, rng, (r) => r.uniform(-1, 1));
  if (options.faConvB === 'w-init' && (layer as ConvNode | LinearNode).mode === 'fa')
    return initialValue(graph, { ...ref, id: tensorId.part(layer.name, 'weight') }, seed, options);
  return fill(shape, rng, (r) => r.uniform(-bound, bound));
}

/** Creates the engine-layout tensors of every persistent tensor the program uses. */
export function initState(graph: Graph, events: TraceEvent[], seed: number, options: EngineOptions): Map<string, tf.Tensor> {
  const state = new Map<string, tf.Tensor>();
  for (const ref of persistentTensors(events)) {
    const values = initialValue(graph, ref, seed, options);
    state.set(
      ref.id,
      tf.tidy(() => toEngineLayout(tf.tensor(values, ref.shape), ref.role)),
    );
  }
  return state;
}
