// The step's future for the next-use policy: for each tensor, the indices of the ops that touch it, in
// order. A share.match output is its shared activation (the replay reads the shared tensor in its place).
// It holds one number per access of the step (a ResNet-18 step: ~1k), so it is built only when the policy
// needs it; the streaming replay is bounded without it.
import type { TraceEvent } from '../trace/schema.ts';

export class StepFuture {
  private readonly uses = new Map<string, number[]>();
  private readonly cursor = new Map<string, number>();

  private readonly alias = new Map<string, string>();
  private index = 0;

  constructor(events: Iterable<TraceEvent> = []) {
    for (const e of events) this.add(e);
  }

  /** Appends the step's next event. */
  add(e: TraceEvent): void {
    if (e.op === 'share.match') this.alias.set(e.writes[0].id, e.reads[0].id);
    else
      for (const t of [...e.reads, ...e.writes]) {
        const id = this.alias.get(t.id) ?? t.id;
        const list = this.uses.get(id) ?? [];
        if (list[list.length - 1] !== this.index) list.push(this.index);
        this.uses.set(id, list);
      }
    this.index++;
  }

  /** Index of the first op after `now` (or at `now`, when `inclusive`) that touches the tensor, or Infinity. */
  next(id: string, now: number, inclusive = false): number {
    const list = this.uses.get(id);
    if (!list) return Infinity;
    let i = this.cursor.get(id) ?? 0;
    while (i < list.length && list[i] < now) i++;
    this.cursor.set(id, i);
    if (!inclusive && i < list.length && list[i] === now) i++;
    return i < list.length ? list[i] : Infinity;
  }
}
