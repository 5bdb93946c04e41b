// The shared memory of one data-parallel group: a control block (barrier, abort flag, step command), the
// batch (input and labels), and two banks of reduction slots. Every shard (the main thread is shard 0,
// each worker thread one more) calls allReduce with the same sequence of vector lengths (their step
// programs differ only in batch size); each call writes the shard's partial sums into its slot of the
// current bank, waits at the barrier, then adds the slots in shard order, so every shard gets the same
// float64 sums, bit for bit, and their parameters stay identical. Two banks alternate: a shard can only
// write bank b again after passing the next call's barrier, which no shard passes before all have read b.
// Gradients (allReduceFloat32) are reduce-scattered: each shard sums its own share of a chunk into the
// bank's result, and after a second barrier every shard copies the whole result, so the summing work is
// split instead of repeated (the sums are the same expressions, in the same order, as before).
// Under the sharded SGD update (sharded-sgd.ts) the step's gradients go whole into `grads32` instead, and
// the updated parameters and momenta of each shard's share come back through `params32` and `moments32`.
export const CTL = { gen: 0, count: 1, abort: 2, step: 3, command: 4, length: 8 } as const;
export const COMMAND = { step: 1, exit: 2 } as const;
/** How long a shard busy-waits at a barrier before it sleeps (counted in its CPU time). */
export const SPIN_MS = 1;

export interface GroupBuffers {
  control: SharedArrayBuffer; // Int32 [CTL.length]
  scalars: SharedArrayBuffer; // Float64: [lr]
  slots: SharedArrayBuffer; // Float64 [2 banks × shards × slotLength]: BN sums, loss, counts
  slots32: SharedArrayBuffer; // Float32 [2 banks × shards × chunkLength]: gradients, in chunks
  sums32: SharedArrayBuffer; // Float32 [2 banks × chunkLength]: the chunks' sums
  lengths: SharedArrayBuffer; // Int32 [2 × shards]: each call's vector length, to catch diverging programs
  grads32: SharedArrayBuffer; // Float32 [shards × gradientLength]: each shard's partial gradients (sharded update)
  params32: SharedArrayBuffer; // Float32 [updateLength]: updated parameters, each shard writing its share
  moments32: SharedArrayBuffer; // Float32 [updateLength]: updated momenta, likewise (read by shard 0)
  input: SharedArrayBuffer; // Float32 [batch × features], NHWC per sample
  labels: SharedArrayBuffer; // Int32 [batch]
}

export interface GroupLayout {
  shards: number;
  slotLength: number;
  /** Float32 values exchanged per barrier when summing gradients. */
  chunkLength: number;
  /** Values of the step's distinct gradients, and of the parameters they update (sharded update; else 0). */
  gradientLength: number;
  updateLength: number;
  batch: number;
  features: number;
}

export function allocateGroup(l: GroupLayout): GroupBuffers {
  return {
    control: new SharedArrayBuffer(4 * CTL.length),
    scalars: new SharedArrayBuffer(8 * 4),
    slots: new SharedArrayBuffer(8 * 2 * l.shards * l.slotLength),
    slots32: new SharedArrayBuffer(4 * 2 * l.shards * l.chunkLength),
    sums32: new SharedArrayBuffer(4 * 2 * l.chunkLength),
    lengths: new SharedArrayBuffer(4 * 2 * l.shards),
    grads32: new SharedArrayBuffer(4 * l.shards * l.gradientLength),
    params32: new SharedArrayBuffer(4 * l.updateLength),
    moments32: new SharedArrayBuffer(4 * l.updateLength),
    input: new SharedArrayBuffer(4 * l.batch * l.features),
    labels: new SharedArrayBuffer(4 * l.batch),
  };
}

/** Thrown in every shard when another one failed (its own error is reported by that shard). */
export class GroupAborted extends Error {}

export class ShardGroup {
  readonly control: Int32Array;
  readonly scalars: Float64Array;
  readonly input: Float32Array;
  readonly labels: Int32Array;
  private readonly slots: Float64Array;
  private readonly slots32: Float32Array;
  private readonly sums32: Float32Array;
  private readonly lengths: Int32Array;
  readonly grads32: Float32Array;
  readonly params32: Float32Array;
  readonly moments32: Float32Array;
  private calls = 0;

  constructor(
    readonly buffers: GroupBuffers,
    readonly layout: GroupLayout,
    readonly shard: number,
  ) {
    this.control = new Int32Array(buffers.control);
    this.scalars = new Float64Array(buffers.scalars);
    this.slots = new Float64Array(buffers.slots);
    this.slots32 = new Float32Array(buffers.slots32);
    this.sums32 = new Float32Array(buffers.sums32);
    this.lengths = new Int32Array(buffers.lengths);
    this.grads32 = new Float32Array(buffers.grads32);
    this.params32 = new Float32Array(buffers.params32);
    this.moments32 = new Float32Array(buffers.moments32);
    this.input = new Float32Array(buffers.input);
    this.labels = new Int32Array(buffers.labels);
  }

  /** Waits until the word changes from `value` (or the group aborts). */
  waitChange(index: number, value: number): void {
    // spin up to SPIN_MS before sleeping: a shard that sleeps at a barrier wakes up late (and, on a loaded
    // machine, gives its core away until its next time slice); the shards of a balanced step arrive within
    // a millisecond of one another (a 2-microsecond spin made every other barrier a sleep)
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(this.control, index) === value && performance.now() < until);
    while (Atomics.load(this.control, index) === value) {
      Atomics.wait(this.control, index, value, 1000);
      if (Atomics.load(this.control, CTL.abort)) throw new GroupAborted('data-parallel group aborted by another shard');
    }
  }

  barrier(): void {
    const c = this.control;
    const gen = Atomics.load(c, CTL.gen);
    if (Atomics.add(c, CTL.count, 1) === this.layout.shards - 1) {
      Atomics.store(c, CTL.count, 0);
      Atomics.add(c, CTL.gen, 1);
      Atomics.notify(c, CTL.gen);
    } else this.waitChange(CTL.gen, gen);
  }

  abort(): void {
    Atomics.store(this.control, CTL.abort, 1);
    for (const i of [CTL.gen, CTL.step]) Atomics.notify(this.control, i);
  }

  /** The element-wise sum of `partial` over all shards, added in shard order. */
  readonly allReduce = (partial: ArrayLike<number>): Float64Array => {
    const { shards, slotLength } = this.layout;
    if (shards === 1) return Float64Array.from(partial);
    const n = partial.length;
    if (n > slotLength) throw new Error(`all-reduce of ${n} values exceeds the slot of ${slotLength}`);
    const bank = this.calls++ & 1;
    this.slots.set(partial, (bank * shards + this.shard) * slotLength);
    this.lengths[bank * shards + this.shard] = n;
    this.barrier();
    const out = new Float64Array(n);
    for (let s = 0; s < shards; s++) {
      if (this.lengths[bank * shards + s] !== n)
        throw new Error(`all-reduce: shard ${s} reduces ${this.lengths[bank * shards + s]} values, shard ${this.shard} ${n}`);
      const base = (bank * shards + s) * slotLength;
      for (let i = 0; i < n; i++) out[i] += this.slots[base + i];
    }
    return out;
  };

  /** The sum of float32 partials over all shards (in shard order, accumulated in float64, rounded once),
   *  exchanged in chunks of chunkLength values, each shard summing one share of every chunk. */
  readonly allReduceFloat32 = (partial: Float32Array): Float32Array => {
    const { shards, chunkLength } = this.layout;
    if (shards === 1) return partial;
    const out = new Float32Array(partial.length);
    for (let start = 0; start < partial.length; start += chunkLength) {
      const n = Math.min(chunkLength, partial.length - start);
      const bank = this.calls++ & 1;
      this.slots32.set(partial.subarray(start, start + n), (bank * shards + this.shard) * chunkLength);
      this.lengths[bank * shards + this.shard] = n;
      this.barrier();
      for (let s = 0; s < shards; s++)
        if (this.lengths[bank * shards + s] !== n)
          throw new Error(`all-reduce: shard ${s} reduces ${this.lengths[bank * shards + s]} values, shard ${this.shard} ${n}`);
      const [from, to] = shareOf(n, shards, this.shard);
      const sums = this.sums32.subarray(bank * chunkLength, bank * chunkLength + n);
      for (let i = from; i < to; i++) {
        let sum = 0;
        for (let s = 0; s < shards; s++) sum += this.slots32[(bank * shards + s) * chunkLength + i];
        sums[i] = sum;
      }
      this.barrier();
      out.set(sums, start);
    }
    return out;
  };
}

/** The [from, to) range of `n` values that `shard` sums (contiguous shares, the first take the remainder). */
export function shareOf(n: number, shards: number, shard: number): [number, number] {
  const sizes = shardSizes(n, shards);
  const from = sizes.slice(0, shard).reduce((a, b) => a + b, 0);
  return [from, from + sizes[shard]];
}

/** Splits a batch over shards as evenly as possible (the first shards take the remainder). */
export function shardSizes(batch: number, shards: number): number[] {
  return Array.from({ length: shards }, (_, s) => Math.floor(batch / shards) + (s < batch % shards ? 1 : 0));
}
