// Next-use (Belady's MIN with bypass) over fixed-size blocks: on a miss with the buffer full, evict a block
// of the resident tensor whose next use in the step is furthest away, or do not allocate the incoming
// block at all when its own next use is at least as far (it would be evicted before it is used). The future
// is the step's op order, which the replay knows (the index of the op that next uses a tensor, Infinity for
// never; asked at eviction time, so a tensor whose last use bypassed the buffer is not kept for it). Every pass over a tensor touches all its blocks, so a block's next use is
// its tensor's; among a tensor's blocks the most recently brought in goes first (the next pass reads the
// first blocks first). This is the best any cache could do for the op order, up to the dirty-write-back
// cost that MIN ignores (docs/simulator.md).
import type { Buffer, BufferSink, Future } from './buffer.ts';

const NONE = -1;

export class NextUseBuffer implements Buffer {
  private readonly slots: number;
  private index = new Int32Array(1024).fill(NONE);
  private readonly blockOf: Float64Array;
  private readonly tensorOf: Int32Array;
  private readonly bytesOf: Int32Array;
  private readonly dirty: Uint8Array;
  private freeSlots: number[] = [];
  /** Resident blocks per tensor, in the order they came in, and the op that last touched the tensor here. */
  private readonly stacks = new Map<number, number[]>();
  private readonly touched = new Map<number, number>();
  private resident = 0;

  constructor(
    readonly capacityBytes: number,
    readonly blockBytes: number,
    private readonly future: Future,
  ) {
    this.slots = Math.floor(capacityBytes / blockBytes);
    this.blockOf = new Float64Array(this.slots);
    this.tensorOf = new Int32Array(this.slots);
    this.bytesOf = new Int32Array(this.slots);
    this.dirty = new Uint8Array(this.slots);
    for (let i = this.slots - 1; i >= 0; i--) this.freeSlots.push(i);
  }

  access(tensor: number, base: number, offset: number, bytes: number, write: boolean, sink: BufferSink): void {
    const B = this.blockBytes;
    const start = base + offset;
    const end = start + bytes;
    const now = this.future.now();
    this.touched.set(tensor, now);
    const key = this.future.next(tensor, false);
    for (let b = Math.floor(start / B), last = Math.floor((end - 1) / B); b <= last; b++) {
      const lo = Math.max(b * B, start);
      const n = Math.min((b + 1) * B, end) - lo;
      const s = b < this.index.length ? this.index[b] : NONE;
      if (s !== NONE) {
        if (write) {
          this.dirty[s] = 1;
          if (n > this.bytesOf[s]) {
            this.resident += n - this.bytesOf[s];
            this.bytesOf[s] = n;
          }
        }
        sink.onChip(tensor, n, write);
        continue;
      }
      let slot = this.freeSlots.pop();
      if (slot === undefined) {
        const victim = this.furthest();
        if (victim === undefined || victim.key <= key) {
          sink.dram(tensor, lo, n, write, false); // bypass: this block is needed no sooner than any resident one
          continue;
        }
        slot = this.evictFrom(victim.tensor, sink);
      }
      this.setIndex(b, slot);
      this.blockOf[slot] = b;
      this.tensorOf[slot] = tensor;
      this.bytesOf[slot] = n;
      this.dirty[slot] = write ? 1 : 0;
      let stack = this.stacks.get(tensor);
      if (!stack) this.stacks.set(tensor, (stack = []));
      stack.push(slot);
      this.resident += n;
      if (write) sink.onChip(tensor, n, true);
      else sink.dram(tensor, lo, n, false, false);
    }
  }

  /** The resident tensor needed furthest in the future: a tensor not yet touched in this op may still be (inclusive). */
  private furthest(): { tensor: number; key: number } | undefined {
    const now = this.future.now();
    let best: { tensor: number; key: number } | undefined;
    for (const t of this.stacks.keys()) {
      const key = this.future.next(t, this.touched.get(t) !== now);
      if (!best || key > best.key || (key === best.key && t > best.tensor)) best = { tensor: t, key };
    }
    return best;
  }

  private evictFrom(tensor: number, sink: BufferSink): number {
    const stack = this.stacks.get(tensor)!;
    const s = stack.pop()!;
    if (stack.length === 0) this.stacks.delete(tensor);
    this.index[this.blockOf[s]] = NONE;
    this.resident -= this.bytesOf[s];
    if (this.dirty[s]) sink.dram(tensor, this.blockOf[s] * this.blockBytes, this.bytesOf[s], true, true);
    return s;
  }

  private setIndex(block: number, slot: number): void {
    if (block >= this.index.length) {
      const grown = new Int32Array(Math.max(block + 1, this.index.length * 2)).fill(NONE);
      grown.set(this.index);
      this.index = grown;
    }
    this.index[block] = slot;
  }

  free(tensor: number): void {
    const stack = this.stacks.get(tensor);
    if (!stack) return;
    for (const s of stack) {
      this.index[this.blockOf[s]] = NONE;
      this.resident -= this.bytesOf[s];
      this.freeSlots.push(s);
    }
    this.stacks.delete(tensor);
    this.touched.delete(tensor);
  }

  flush(sink: BufferSink): void {
    for (const [tensor, stack] of this.stacks)
      for (const s of stack) {
        if (this.dirty[s]) sink.dram(tensor, this.blockOf[s] * this.blockBytes, this.bytesOf[s], true, true);
        this.index[this.blockOf[s]] = NONE;
        this.freeSlots.push(s);
      }
    this.stacks.clear();
    this.touched.clear();
    this.resident = 0;
  }

  residentBytes(): number {
    return this.resident;
  }
}
