// LRU replacement over fixed-size blocks: a direct table from block number to slot (addresses are dense:
// the replay allocates tensors contiguously), and a doubly linked recency list threaded through typed
// arrays, so an access allocates nothing and costs a few array reads. Being a stack algorithm over equal-size blocks, LRU never
// sends more traffic to DRAM when the capacity grows (the property the monotonicity test checks).
import type { Buffer, BufferSink } from './buffer.ts';
import { UserError } from '../../util/errors.ts';
import { MAX_INDEXED_BLOCKS } from '../../util/limits.ts';

const NONE = -1;

export class LruBuffer implements Buffer {
  private readonly slots: number;
  private index = new Int32Array(1024).fill(NONE); // block -> slot
  private readonly blockOf: Float64Array;
  private readonly tensorOf: Int32Array;
  private readonly bytesOf: Int32Array;
  private readonly dirty: Uint8Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = NONE; // least recently used
  private tail = NONE; // most recently used
  private freeSlots: number[] = [];
  private resident = 0;

  constructor(
    readonly capacityBytes: number,
    readonly blockBytes: number,
  ) {
    this.slots = Math.floor(capacityBytes / blockBytes);
    this.blockOf = new Float64Array(this.slots);
    this.tensorOf = new Int32Array(this.slots);
    this.bytesOf = new Int32Array(this.slots);
    this.dirty = new Uint8Array(this.slots);
    this.prev = new Int32Array(this.slots).fill(NONE);
    this.next = new Int32Array(this.slots).fill(NONE);
    for (let i = this.slots - 1; i >= 0; i--) this.freeSlots.push(i);
  }

  private unlink(s: number): void {
    const p = this.prev[s];
    const n = this.next[s];
    if (p !== NONE) this.next[p] = n;
    else this.head = n;
    if (n !== NONE) this.prev[n] = p;
    else this.tail = p;
    this.prev[s] = this.next[s] = NONE;
  }

  private append(s: number): void {
    this.prev[s] = this.tail;
    this.next[s] = NONE;
    if (this.tail !== NONE) this.next[this.tail] = s;
    else this.head = s;
    this.tail = s;
  }

  access(tensor: number, base: number, offset: number, bytes: number, write: boolean, sink: BufferSink): void {
    const B = this.blockBytes;
    const start = base + offset;
    const end = start + bytes;
    for (let b = Math.floor(start / B), last = Math.floor((end - 1) / B); b <= last; b++) {
      const lo = Math.max(b * B, start);
      const n = Math.min((b + 1) * B, end) - lo;
      if (this.slots === 0) {
        sink.dram(tensor, lo, n, write, false);
        continue;
      }
      const s = b < this.index.length ? this.index[b] : NONE;
      if (s !== NONE) {
        this.unlink(s);
        this.append(s);
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
      const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.evict(sink);
      this.setIndex(b, slot);
      this.blockOf[slot] = b;
      this.tensorOf[slot] = tensor;
      this.bytesOf[slot] = n;
      this.dirty[slot] = write ? 1 : 0;
      this.append(slot);
      this.resident += n;
      if (write) sink.onChip(tensor, n, true);
      else sink.dram(tensor, lo, n, false, false);
    }
  }

  private setIndex(block: number, slot: number): void {
    if (block >= this.index.length) {
      // The table is dense over every address the step uses (compare --batch 100000 asked for >12 GB of it).
      if (block >= MAX_INDEXED_BLOCKS)
        throw new UserError(
          `buffer.block: the step addresses more than ${MAX_INDEXED_BLOCKS} blocks of ${this.blockBytes} B (${(MAX_INDEXED_BLOCKS * this.blockBytes) / 2 ** 40} TiB of tensors); the buffer model indexes at most ${MAX_INDEXED_BLOCKS} (512 MiB of state): use a larger buffer.block or a smaller batch`,
        );
      const grown = new Int32Array(Math.min(MAX_INDEXED_BLOCKS, Math.max(block + 1, this.index.length * 2))).fill(NONE);
      grown.set(this.index);
      this.index = grown;
    }
    this.index[block] = slot;
  }

  private evict(sink: BufferSink): number {
    const s = this.head;
    this.unlink(s);
    this.index[this.blockOf[s]] = NONE;
    this.resident -= this.bytesOf[s];
    if (this.dirty[s]) sink.dram(this.tensorOf[s], this.blockOf[s] * this.blockBytes, this.bytesOf[s], true, true);
    return s;
  }

  free(_tensor: number, base: number, bytes: number): void {
    if (this.slots === 0 || bytes === 0) return;
    for (let b = Math.floor(base / this.blockBytes), last = Math.floor((base + bytes - 1) / this.blockBytes); b <= last; b++) {
      const s = b < this.index.length ? this.index[b] : NONE;
      if (s === NONE) continue;
      this.unlink(s);
      this.index[b] = NONE;
      this.resident -= this.bytesOf[s];
      this.freeSlots.push(s);
    }
  }

  flush(sink: BufferSink): void {
    for (let s = this.head; s !== NONE; s = this.next[s])
      if (this.dirty[s]) sink.dram(this.tensorOf[s], this.blockOf[s] * this.blockBytes, this.bytesOf[s], true, true);
    this.index.fill(NONE);
    this.prev.fill(NONE);
    this.next.fill(NONE);
    this.head = this.tail = NONE;
    this.freeSlots = [];
    for (let i = this.slots - 1; i >= 0; i--) this.freeSlots.push(i);
    this.resident = 0;
  }

  residentBytes(): number {
    return this.resident;
  }
}
