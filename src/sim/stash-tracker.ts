// What the forward pass keeps for backward: bytes of forward-written tensors read by backward ops (each
// counted once), by role, and the step's peak of live bytes. Forgets a tensor when it is freed.
import type { TensorRole, TraceEvent } from '../trace/schema.ts';
import { TensorLiveness } from '../trace/liveness.ts';
import type { StashStats } from './stats.ts';

export class StashTracker {
  private readonly byRole = new Map<TensorRole, number>();
  private readonly counted = new Set<string>();
  private readonly forwardWritten = new Set<string>();
  private readonly liveness = new TensorLiveness();

  see(event: TraceEvent): void {
    this.liveness.check(event);
    if (event.phase === 'forward') for (const w of event.writes) if (!w.persistent) this.forwardWritten.add(w.id);
    if (event.phase === 'backward')
      for (const r of event.reads) {
        const kept = this.forwardWritten.has(r.id) || r.role === 'saved_activation';
        if (r.persistent || !kept || this.counted.has(r.id)) continue;
        this.counted.add(r.id);
        this.byRole.set(r.role, (this.byRole.get(r.role) ?? 0) + r.bytes);
      }
    for (const id of event.frees) {
      this.forwardWritten.delete(id);
      this.counted.delete(id);
    }
  }

  stats(): StashStats {
    return {
      byRole: Object.fromEntries(this.byRole),
      totalBytes: [...this.byRole.values()].reduce((a, b) => a + b, 0),
      peakLiveBytes: this.liveness.peakBytes,
    };
  }
}
