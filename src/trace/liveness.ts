// Which tensors exist at each point of a training step, so a trace that reads what was never written, or
// stops before its step is done, is caught. A non-persistent tensor exists from the event that writes it
// until the event that frees it; the step's inputs ("input", "label") exist from the start until freed;
// persistent tensors (weights, B, optimizer state) live across steps and are not tracked. A complete step
// frees every tensor it made, so tensors still live at the end mean the trace was cut short. Only live
// tensors are held, so memory is bounded by a step's working set, not by the trace's length.
import type { TraceEvent } from './schema.ts';

/** Ids of the data a step starts from (the graph's input batch and labels). */
export const STEP_INPUTS: readonly string[] = ['input', 'label'];

export class TensorLiveness {
  /** Live tensor id → bytes as written. */
  private readonly live = new Map<string, number>();
  private readonly inputs = new Set(STEP_INPUTS);
  private events = 0;
  /** Bytes of live tensors now, and the most at any event (after its reads and writes, before its frees). */
  liveBytes = 0;
  peakBytes = 0;

  private add(id: string, bytes: number): void {
    const before = this.live.get(id);
    this.live.set(id, bytes);
    this.liveBytes += bytes - (before ?? 0);
  }

  private drop(id: string): boolean {
    const bytes = this.live.get(id);
    if (bytes === undefined) return false;
    this.live.delete(id);
    this.liveBytes -= bytes;
    return true;
  }

  /** The first problem with an event's reads, writes and frees, or undefined. */
  check(e: TraceEvent): string | undefined {
    this.events++;
    for (const t of e.reads) {
      if (t.persistent) continue;
      const bytes = this.live.get(t.id);
      if (bytes === undefined) {
        if (!this.inputs.delete(t.id)) return `reads: tensor "${t.id}" is read but no earlier event writes it (or it was already freed)`;
        this.add(t.id, t.bytes);
      } else if (bytes !== t.bytes) return `reads: tensor "${t.id}" is read as ${t.bytes} bytes but was written as ${bytes} bytes`;
    }
    for (const t of e.writes) if (!t.persistent) this.add(t.id, t.bytes);
    this.peakBytes = Math.max(this.peakBytes, this.liveBytes);
    for (const id of e.frees) {
      if (!this.drop(id) && !this.inputs.delete(id)) return `frees: tensor "${id}" is not live (never written, or freed twice)`;
    }
    return undefined;
  }

  /** The problem with how the trace ends, or undefined for a complete step. */
  end(): string | undefined {
    if (this.events === 0) return 'no events after the header (a truncated or empty trace)';
    if (this.live.size > 0) {
      const first = this.live.keys().next().value;
      return `ends with ${this.live.size} tensor(s) never freed (e.g. "${first}"): the trace was cut short`;
    }
    return undefined;
  }
}
