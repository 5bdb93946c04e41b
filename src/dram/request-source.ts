// What the controller reads requests from: a stream, one request at a time in public fields (no object
// per request), with an optional bulk form. Trace readers, the replay and the tests implement it.

export interface RequestSource {
  addr: number;
  write: boolean;
  /** Arrival time, memory cycles. */
  arrival: number;
  /** Loads the next request; false when there are no more. */
  next(): boolean;
  /** Optional bulk form: fills the arrays from index 0, returns the count (0 at the end). */
  nextBatch?(addr: Float64Array, write: Uint8Array, arrival: Float64Array): number;
}
