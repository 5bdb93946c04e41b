// Alignment metrics per layer:
//   angle(B, W)      — between the feedback and forward weights (FA, KP, ASAP), in degrees;
//   angle(ΔW, ΔW_bp) — between the rule's weight gradient and BP's on the same batch and parameters.
// BP's gradient comes from a twin program: the same graph with every learning layer in 'bp' mode, no
// shared activations and no DFA receivers (the frozen stem stays frozen), run dry on the same tensors.
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../net/graph.ts';
import { StepProgram } from '../net/program.ts';
import { defaultDtypes, stashPolicies } from '../trace/stash.ts';
import { derivedOf, partOf, tensorId } from '../net/tensor-id.ts';
import { Executor } from './executor.ts';
import type { Network } from './network.ts';

export interface LayerAlignment {
  layer: string;
  angleBW?: number;
  angleUpdate?: number;
}

export function angleDegrees(a: tf.Tensor, b: tf.Tensor): number {
  const [dot, na, nb] = tf.tidy(() => [tf.sum(tf.mul(a, b)), tf.norm(a), tf.norm(b)].map((t) => t.dataSync()[0]));
  if (na === 0 || nb === 0) return NaN;
  return (Math.acos(Math.max(-1, Math.min(1, dot / (na * nb)))) * 180) / Math.PI;
}

export function bpTwin(g: Graph): Graph {
  return {
    ...g,
    receivers: [],
    nodes: g.nodes.map((n) =>
      (n.kind === 'conv2d' || n.kind === 'linear') && n.mode !== 'frozen' ? { ...n, mode: 'bp', ...(n.kind === 'conv2d' ? { shared: undefined } : {}) } : n,
    ),
  };
}

export function alignment(net: Network, x: tf.Tensor, y: tf.Tensor): LayerAlignment[] {
  const policy = stashPolicies.compact;
  const twin = new Executor(StepProgram.events(bpTwin(net.graph), { stash: policy, dtypes: defaultDtypes(policy) }), net.params, net.executor.updater);
  const isGrad = (id: string) => {
    const d = derivedOf(id);
    return d?.part === 'grad' && partOf(d.of)?.part === 'weight';
  };
  const keep = new Set(twin.events.flatMap((e) => e.writes.map((w) => w.id)).filter(isGrad));
  const bp = twin.run(x, y, { training: true, commit: false, phases: new Set(['forward', 'backward']), keep });
  const rule = net.gradients(x, y, isGrad);
  const out: LayerAlignment[] = [];
  for (const n of net.graph.nodes) {
    if (n.kind !== 'conv2d' && n.kind !== 'linear') continue;
    const row: LayerAlignment = { layer: n.name };
    const b = net.params.get(tensorId.part(n.name, 'feedback'));
    if (b) row.angleBW = angleDegrees(b, net.params.get(tensorId.part(n.name, 'weight'))!);
    const g = rule.get(tensorId.grad(tensorId.part(n.name, 'weight')));
    const gb = bp.get(tensorId.grad(tensorId.part(n.name, 'weight')));
    if (g && gb) row.angleUpdate = angleDegrees(g, gb);
    if (row.angleBW !== undefined || row.angleUpdate !== undefined) out.push(row);
  }
  for (const m of [bp, rule]) for (const t of m.values()) t.dispose();
  return out;
}
