// The update pass: one SGD step per learned parameter, and B's update under KP and ASAP as the
// feedback_update knob says (docs/stash.md).
import type { ConvNode, Graph, LinearNode, Shape } from './graph.ts';
import { numel } from './graph.ts';
import type { AsapKnobs, TensorRole } from '../trace/schema.ts';
import type { ProgramOp } from './stash-plan.ts';
import { tensorId } from './tensor-id.ts';
import { weightShape } from './op-dims.ts';

interface Ctx {
  def(id: string, shape: Shape, role: TensorRole, persistent?: boolean): string;
  shapeOf(id: string): Shape;
}

export function updateOps(graph: Graph, backwardOps: ProgramOp[], feedbackUpdate: AsapKnobs['feedbackUpdate'], ctx: Ctx): ProgramOp[] {
  const ops: ProgramOp[] = [];
  const sgd = (layer: string, param: string, gradient: string, alsoB?: string) => {
    const shape = ctx.shapeOf(param);
    const m = ctx.def(tensorId.momentum(param), shape, 'optimizer_state', true);
    const n = numel(shape);
    // delta: the W update's step is added to B in the same pass (B += ΔW), so ΔW is read once and B has no momentum.
    if (alsoB) ops.push({ op: 'sgd.update', layer, phase: 'update', dims: { macs: 4 * n }, reads: [param, gradient, m, alsoB], writes: [param, m, alsoB] });
    else ops.push({ op: 'sgd.update', layer, phase: 'update', dims: { macs: 3 * n }, reads: [param, gradient, m], writes: [param, m] });
  };
  const gradients = new Set(backwardOps.flatMap((o) => o.writes));
  for (const n of graph.nodes) {
    // KP and ASAP: B takes W's update (ΔB = ΔW): own-momentum (the official optimizer over W and B, same
    // weight decay), delta (fused into W's update) or fixed (never updated).
    const weight = tensorId.part(n.name, 'weight');
    const learnsB =
      (n.kind === 'conv2d' || n.kind === 'linear') &&
      (n.mode === 'kp' || n.mode === 'asap') &&
      gradients.has(tensorId.grad(weight)) &&
      feedbackUpdate !== 'fixed';
    const b = learnsB ? ctx.def(tensorId.part(n.name, 'feedback'), weightShape(n as ConvNode | LinearNode), 'feedback_weight', true) : undefined;
    for (const p of ['weight', 'bias'] as const) {
      const param = tensorId.part(n.name, p);
      if (gradients.has(tensorId.grad(param))) sgd(n.name, param, tensorId.grad(param), p === 'weight' && feedbackUpdate === 'delta' ? b : undefined);
    }
    if (b && feedbackUpdate === 'own-momentum') sgd(n.name, b, tensorId.grad(weight));
  }
  return ops;
}
