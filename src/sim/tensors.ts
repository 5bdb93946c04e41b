// The replay's tensors: a slot (a small index the buffers use) and a block-aligned address per live tensor.
// Freed tensors give their slot and address range back, so the state is bounded by the live tensors of a
// step, not by the length of the trace (a 10^7-event trace replays in the memory of one step).
import type { TensorRef } from '../trace/schema.ts';
import { UserError } from '../util/errors.ts';

export interface TensorSlot {
  index: number;
  base: number;
  /** Bytes reserved (the tensor's bytes rounded up to the alignment). */
  span: number;
  ref: TensorRef;
}

/** Most address-space blocks the buffers index (4 B each): 2^26 blocks = 256 MiB of index. */
export const MAX_ADDRESS_BLOCKS = 2 ** 26;

export class TensorTable {
  private readonly byId = new Map<string, TensorSlot>();
  private readonly byIndex: (TensorSlot | undefined)[] = [];
  private readonly freeIndices: number[] = [];
  /** Free address ranges [base, span], sorted by base, coalesced. */
  private holes: [number, number][] = [];
  private top = 0;

  constructor(
    private readonly align: number,
    private readonly blockBytes: number,
  ) {}

  get(id: string): TensorSlot | undefined {
    return this.byId.get(id);
  }

  at(index: number): TensorSlot {
    return this.byIndex[index]!;
  }

  /** The tensor's slot, allocated on first sight. */
  slot(ref: TensorRef): TensorSlot {
    const known = this.byId.get(ref.id);
    if (known) return known;
    const span = Math.max(this.align, Math.ceil(ref.bytes / this.align) * this.align);
    const s: TensorSlot = { index: this.freeIndices.pop() ?? this.byIndex.length, base: this.place(span), span, ref };
    this.byIndex[s.index] = s;
    this.byId.set(ref.id, s);
    return s;
  }

  private place(span: number): number {
    const i = this.holes.findIndex(([, size]) => size >= span);
    if (i >= 0) {
      const [base, size] = this.holes[i];
      if (size === span) this.holes.splice(i, 1);
      else this.holes[i] = [base + span, size - span];
      return base;
    }
    const base = this.top;
    this.top += span;
    if (this.top / this.blockBytes > MAX_ADDRESS_BLOCKS)
      throw new UserError(
        `buffer.block: the step's live tensors span ${Math.ceil(this.top / this.blockBytes)} blocks of ${this.blockBytes} B; the replay indexes at most ${MAX_ADDRESS_BLOCKS} (use a larger block)`,
      );
    return base;
  }

  /** Gives a dead tensor's slot and addresses back. */
  release(id: string): TensorSlot | undefined {
    const s = this.byId.get(id);
    if (!s) return undefined;
    this.byId.delete(id);
    this.byIndex[s.index] = undefined;
    this.freeIndices.push(s.index);
    let i = this.holes.findIndex(([base]) => base > s.base);
    if (i < 0) i = this.holes.length;
    this.holes.splice(i, 0, [s.base, s.span]);
    // Coalesce with the neighbours; a hole reaching the top lowers the top.
    const merged: [number, number][] = [];
    for (const h of this.holes) {
      const last = merged[merged.length - 1];
      if (last && last[0] + last[1] === h[0]) last[1] += h[1];
      else merged.push([h[0], h[1]]);
    }
    const last = merged[merged.length - 1];
    if (last && last[0] + last[1] === this.top) {
      this.top = last[0];
      merged.pop();
    }
    this.holes = merged;
    return s;
  }

  /** Live slots (for the end-of-step drain). */
  live(): TensorSlot[] {
    return [...this.byId.values()];
  }
}
