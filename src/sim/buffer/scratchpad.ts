// Scratchpad: compiler-managed, whole tensors. At a tensor's first touch in the step it gets a place in the
// buffer if its bytes (rounded up to blocks) fit in what is free then, and keeps it until it is freed
// (first fit by first touch; nothing is ever evicted, as in a statically allocated scratchpad). A tensor that
// did not fit lives in DRAM for its whole life: every access streams. A placed tensor first read before any
// write (weights, B, momentum, the input) is loaded once from DRAM; a dirty persistent tensor is written
// back at the end of the step.
import type { Buffer, BufferSink } from './buffer.ts';

interface Placement {
  blocks: number;
  loaded: boolean;
  dirty: boolean;
  base: number;
  bytes: number;
}

export class ScratchpadBuffer implements Buffer {
  private readonly blocks: number;
  private freeBlocks: number;
  private readonly placed = new Map<number, Placement>();
  private readonly offChip = new Set<number>();

  constructor(
    readonly capacityBytes: number,
    readonly blockBytes: number,
  ) {
    this.blocks = this.freeBlocks = Math.floor(capacityBytes / blockBytes);
  }

  access(tensor: number, base: number, offset: number, bytes: number, write: boolean, sink: BufferSink): void {
    let p = this.placed.get(tensor);
    if (!p && !this.offChip.has(tensor)) {
      const need = Math.ceil((offset + bytes) / this.blockBytes);
      if (need <= this.freeBlocks) {
        this.freeBlocks -= need;
        this.placed.set(tensor, (p = { blocks: need, loaded: write, dirty: false, base, bytes: offset + bytes }));
      } else this.offChip.add(tensor);
    }
    if (!p) {
      sink.dram(tensor, base + offset, bytes, write, false);
      return;
    }
    if (write) {
      p.dirty = true;
      p.loaded = true;
      sink.onChip(tensor, bytes, true);
    } else if (!p.loaded) {
      p.loaded = true;
      sink.dram(tensor, base + offset, bytes, false, false);
    } else sink.onChip(tensor, bytes, false);
  }

  free(tensor: number): void {
    const p = this.placed.get(tensor);
    if (p) this.freeBlocks += p.blocks;
    this.placed.delete(tensor);
    this.offChip.delete(tensor);
  }

  flush(sink: BufferSink): void {
    for (const [tensor, p] of this.placed) if (p.dirty) sink.dram(tensor, p.base, p.bytes, true, true);
    this.placed.clear();
    this.offChip.clear();
    this.freeBlocks = this.blocks;
  }

  residentBytes(): number {
    return (this.blocks - this.freeBlocks) * this.blockBytes;
  }
}
