// The request queues: per channel a read queue and a write queue, each held as one FIFO list per bank
// over a shared pool of request slots (typed arrays, nothing allocated per request). Per (queue, bank)
// the number of queued requests to the open row is kept so "does this bank have a row hit" is O(1).
import type { Geometry } from './geometry.ts';

/** Which queue: reads or writes. Also the controller's drain mode (the queue it serves). */
export const READS = 0;
export const WRITES = 1;
export type QueueKind = typeof READS | typeof WRITES;
/** A list end or link with no request. */
export const NO_SLOT = -1;

export class RequestQueues {
  readonly readCap: number;
  readonly writeCap: number;
  /** Capacity by queue kind. */
  private readonly capacity: Int32Array;
  readonly banks: number;
  // per slot
  readonly row: Int32Array;
  readonly col: Int32Array;
  readonly bank: Int32Array;
  readonly kind: Uint8Array;
  readonly nextOf: Int32Array;
  readonly prevOf: Int32Array;
  /** Admission order (unique): smaller is older. */
  readonly seq: Float64Array;
  readonly arrival: Float64Array;
  // per (queue, bank), index kind * banks + b
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly count: Int32Array;
  /** Queued requests to the bank's open row. */
  readonly hits: Int32Array;
  /** Per (channel, queue), index ch * 2 + kind. */
  readonly perChannel: Int32Array;
  /** Requests in all queues. */
  queued = 0;
  private readonly free: Int32Array;
  private freeTop: number;
  private nextSeq = 0;

  constructor(g: Geometry, readCap: number, writeCap: number) {
    this.readCap = readCap;
    this.writeCap = writeCap;
    this.capacity = Int32Array.of(readCap, writeCap);
    this.banks = g.banks;
    const slots = g.channels * (readCap + writeCap);
    this.row = new Int32Array(slots);
    this.col = new Int32Array(slots);
    this.bank = new Int32Array(slots);
    this.kind = new Uint8Array(slots);
    this.nextOf = new Int32Array(slots);
    this.prevOf = new Int32Array(slots);
    this.seq = new Float64Array(slots);
    this.arrival = new Float64Array(slots);
    this.free = new Int32Array(slots);
    for (let i = 0; i < slots; i++) this.free[i] = slots - 1 - i;
    this.freeTop = slots;
    this.head = new Int32Array(2 * g.banks).fill(NO_SLOT);
    this.tail = new Int32Array(2 * g.banks).fill(NO_SLOT);
    this.count = new Int32Array(2 * g.banks);
    this.hits = new Int32Array(2 * g.banks);
    this.perChannel = new Int32Array(2 * g.channels);
  }

  hasRoom(ch: number, kind: QueueKind): boolean {
    return this.perChannel[ch * 2 + kind] < this.capacity[kind];
  }

  /** True if a write of (row, col) waits in bank b's write queue (a read of it is answered from there). */
  holdsWrite(b: number, row: number, col: number): boolean {
    for (let s = this.head[this.banks + b]; s >= 0; s = this.nextOf[s]) if (this.row[s] === row && this.col[s] === col) return true;
    return false;
  }

  /** Appends a request to (kind, bank b of channel ch); `hit`: its row is the bank's open row. Returns its slot. */
  enqueue(kind: QueueKind, ch: number, b: number, row: number, col: number, now: number, hit: boolean): number {
    const s = this.free[--this.freeTop];
    this.row[s] = row;
    this.col[s] = col;
    this.bank[s] = b;
    this.kind[s] = kind;
    this.seq[s] = this.nextSeq++;
    this.arrival[s] = now;
    const li = kind * this.banks + b;
    const t = this.tail[li];
    this.prevOf[s] = t;
    this.nextOf[s] = NO_SLOT;
    if (t >= 0) this.nextOf[t] = s;
    else this.head[li] = s;
    this.tail[li] = s;
    this.count[li]++;
    if (hit) this.hits[li]++;
    this.perChannel[ch * 2 + kind]++;
    this.queued++;
    return s;
  }

  /** Removes slot s (served) from its list; `hit`: it was a request to the open row. */
  remove(kind: QueueKind, ch: number, s: number, hit: boolean): void {
    const li = kind * this.banks + this.bank[s];
    const p = this.prevOf[s];
    const n = this.nextOf[s];
    if (p >= 0) this.nextOf[p] = n;
    else this.head[li] = n;
    if (n >= 0) this.prevOf[n] = p;
    else this.tail[li] = p;
    this.count[li]--;
    if (hit) this.hits[li]--;
    this.perChannel[ch * 2 + kind]--;
    this.queued--;
    this.free[this.freeTop++] = s;
  }

  /** Oldest request of (kind, b) to `row`, or NO_SLOT. */
  oldestTo(kind: QueueKind, b: number, row: number): number {
    let s = this.head[kind * this.banks + b];
    while (s >= 0 && this.row[s] !== row) s = this.nextOf[s];
    return s;
  }

  /** Re-counts both queues' requests to `row`, the row just opened in bank b. */
  recountHits(b: number, row: number): void {
    for (let kind = READS; kind <= WRITES; kind++) {
      let n = 0;
      for (let s = this.head[kind * this.banks + b]; s >= 0; s = this.nextOf[s]) if (this.row[s] === row) n++;
      this.hits[kind * this.banks + b] = n;
    }
  }

  /** Bank b's row closed: no request hits it. */
  clearHits(b: number): void {
    this.hits[b] = 0;
    this.hits[this.banks + b] = 0;
  }
}
