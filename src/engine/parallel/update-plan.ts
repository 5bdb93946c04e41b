// Where each value of a step's update lives in the flat vectors a sharded update exchanges: the distinct
// gradients, concatenated in the order the executor hands them to beforeUpdate (first read by an
// sgd.update event), and one entry per sgd.update event for the parameter (and momentum) it writes. A
// parameter's update uses the gradient values of the same positions, so a shard that owns a range of the
// gradient vector owns those elements of every parameter that gradient updates (W and, under KP/ASAP with
// own momentum, B).
import type { TraceEvent } from '../../trace/schema.ts';

export interface PlannedGradient {
  id: string;
  offset: number;
  size: number;
}

export interface PlannedUpdate {
  /** Offset of its gradient in the gradient vector. */
  gradient: number;
  size: number;
  /** Offset of the parameter (and its momentum) in the update vector. */
  offset: number;
}

export interface UpdatePlan {
  gradients: PlannedGradient[];
  gradientLength: number;
  /** By parameter id. */
  updates: Map<string, PlannedUpdate>;
  updateLength: number;
}

const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

export function updatePlan(events: TraceEvent[]): UpdatePlan {
  const gradients: PlannedGradient[] = [];
  const byId = new Map<string, PlannedGradient>();
  const updates = new Map<string, PlannedUpdate>();
  let gradientLength = 0;
  let updateLength = 0;
  for (const ev of events) {
    if (ev.op !== 'sgd.update') continue;
    const [param, grad] = ev.reads;
    if (ev.reads.length !== 3) throw new Error(`update plan: ${ev.layer}'s sgd.update reads ${ev.reads.length} tensors (a fused B update is not sharded)`);
    let g = byId.get(grad.id);
    if (!g) {
      g = { id: grad.id, offset: gradientLength, size: numel(grad.shape) };
      byId.set(grad.id, g);
      gradients.push(g);
      gradientLength += g.size;
    }
    const size = numel(param.shape);
    if (size !== g.size) throw new Error(`update plan: ${param.id} has ${size} values, its gradient ${grad.id} ${g.size}`);
    if (updates.has(param.id)) throw new Error(`update plan: ${param.id} is updated twice in one step`);
    updates.set(param.id, { gradient: g.offset, size, offset: updateLength });
    updateLength += size;
  }
  return { gradients, gradientLength, updates, updateLength };
}
