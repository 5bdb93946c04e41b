// The on-chip buffer in front of DRAM. Tensors live at block-aligned addresses; the buffer keeps whole
// blocks. A read hit is served on chip, a read miss fetches the block from DRAM; a write allocates the
// block dirty (no fill: outputs are written whole); a dirty block reaches DRAM only when evicted or
// flushed, and a freed tensor's blocks are dropped without write-back. A zero-capacity buffer passes
// every read and write straight to DRAM.

/** What happened to one block-sized piece of an access. */
export interface BlockOutcome {
  hit: boolean;
}

export interface BufferSink {
  /** A block's bytes fetched from DRAM (read miss) or sent to it (write-back, or a write that bypasses). */
  dram(tensor: number, address: number, bytes: number, write: boolean, writeback: boolean): void;
  /** Bytes served on chip: a read hit, or a write absorbed by the buffer. */
  onChip(tensor: number, bytes: number, write: boolean): void;
}

export interface Buffer {
  readonly capacityBytes: number;
  readonly blockBytes: number;
  /** Reads or writes `bytes` of a tensor starting at `offset` (its base address is block-aligned). */
  access(tensor: number, base: number, offset: number, bytes: number, write: boolean, sink: BufferSink): void;
  /** Drops a dead tensor's blocks without writing them back. */
  free(tensor: number, base: number, bytes: number): void;
  /** Writes back every dirty block (end of step) and empties the buffer. */
  flush(sink: BufferSink): void;
  /** Bytes currently resident. */
  residentBytes(): number;
}

/** The step's future as a buffer sees it: the op being replayed, and the next op (from it on, when inclusive) that uses a tensor (Infinity: none). */
export interface Future {
  now(): number;
  next(tensor: number, inclusive: boolean): number;
}
