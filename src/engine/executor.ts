// The interpreter of the step program. It walks the events in order, runs the kernel registered for each
// op name, stores what the op writes and frees what the event says is dead, so the ops it executes are
// exactly the program's events (the trace of a real run is the shape-only trace by construction).
// Persistent tensors (weights, B, momenta, running statistics) live in `params`; everything else in a
// per-step scratch store. A dry run (commit: false) shadows persistent writes in the scratch store, so a
// step can be measured (gradients, alignment) without changing the model.
import * as tf from '@tensorflow/tfjs-core';
import type { Phase, TraceEvent } from '../trace/schema.ts';
import { kernels, type KernelContext, type Updater } from './kernels/index.ts';
import { wholeBatch } from './kernels/kernel.ts';
import { engineShape } from './kernels/layout.ts';

export interface RunOptions {
  training: boolean;
  /** Phases to execute (default all). */
  phases?: ReadonlySet<Phase>;
  /** Write persistent tensors back (default true); false keeps the model unchanged. */
  commit?: boolean;
  /** Ids that are not freed, returned to the caller (who disposes them). */
  keep?: ReadonlySet<string>;
  /** Called with each event after it ran (trace recording). */
  onEvent?: (ev: TraceEvent) => void;
  /** Called once before the first update event with every tensor the update phase reads as a gradient
   *  (data-parallel shards sum them over the group in one exchange). */
  beforeUpdate?: (gradients: tf.Tensor[]) => void;
}

export class Executor {
  /** Checks every written tensor's shape against the program (cheap; catches layout slips early). */
  checkShapes = true;
  /** Sums over the shards of a data-parallel batch (parallel.ts); one process: the identity. */
  allReduce: (partial: Float64Array) => Float64Array = wholeBatch;

  constructor(
    readonly events: TraceEvent[],
    readonly params: Map<string, tf.Tensor>,
    public updater: Updater,
  ) {}

  /** Runs the program on one batch (input NHWC float32, label int32 [N]); returns the kept tensors. */
  run(input: tf.Tensor, label: tf.Tensor, o: RunOptions): Map<string, tf.Tensor> {
    const scratch = new Map<string, tf.Tensor>([
      ['input', input],
      ['label', label],
    ]);
    const foreign = new Set<tf.Tensor>([input, label, ...this.params.values()]); // never disposed by a run
    const owned = new Set<tf.Tensor>();
    const commit = o.commit ?? true;
    const kept = new Map<string, tf.Tensor>();
    const lookup = (id: string): tf.Tensor => {
      const t = scratch.get(id) ?? this.params.get(id);
      if (!t) throw new Error(`executor: tensor ${id} read before it was written`);
      return t;
    };
    try {
      let updating = false;
      for (const ev of this.events) {
        if (o.phases && !o.phases.has(ev.phase)) continue;
        if (ev.phase === 'update' && !updating) {
          updating = true;
          const gradients = this.events.filter((e) => e.op === 'sgd.update').map((e) => scratch.get(e.reads[1].id));
          o.beforeUpdate?.([...new Set(gradients.filter((t) => t !== undefined))]);
        }
        const ctx: KernelContext = { read: (i) => lookup(ev.reads[i].id), training: o.training, updater: this.updater, allReduce: this.allReduce };
        const outs = tf.tidy(() => kernels[ev.op](ev, ctx));
        if (outs.length !== ev.writes.length) throw new Error(`${ev.op} ${ev.layer}: kernel wrote ${outs.length} tensors, program lists ${ev.writes.length}`);
        ev.writes.forEach((w, i) => {
          const t = outs[i];
          if (this.checkShapes) {
            const want = engineShape(w.shape, w.role);
            if (t.shape.join() !== want.join()) throw new Error(`${ev.op} ${ev.layer}: ${w.id} has shape [${t.shape}], program says [${want}] (engine layout)`);
          }
          const persistent = w.persistent === true && commit;
          const store = persistent ? this.params : scratch;
          const old = store.get(w.id);
          store.set(w.id, t);
          if (persistent) {
            owned.delete(t);
            foreign.add(t);
            if (old && old !== t) old.dispose();
          } else {
            if (!foreign.has(t)) owned.add(t);
            if (old && old !== t && owned.delete(old)) old.dispose();
          }
        });
        for (const id of ev.frees) {
          const t = scratch.get(id);
          if (!t) continue;
          scratch.delete(id);
          if (o.keep?.has(id)) {
            kept.set(id, t);
            owned.delete(t);
          } else if (owned.delete(t)) t.dispose();
        }
        o.onEvent?.(ev);
      }
      for (const id of o.keep ?? []) {
        const t = scratch.get(id);
        if (t && !kept.has(id)) {
          kept.set(id, t);
          owned.delete(t);
        }
      }
    } finally {
      for (const t of owned) t.dispose();
    }
    return kept;
  }
}
