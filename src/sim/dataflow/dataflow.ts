// A dataflow decides which operand of a matrix op stays in the buffer while the others stream past it,
// and so how often each operand is re-read. Every matrix op is seen as a GEMM C[M×N] = A[M×K]·B[K×N].

export type Operand = 'A' | 'B' | 'C';

export interface Gemm {
  M: number;
  N: number;
  K: number;
  /** Bytes per element of A, B and C. */
  eA: number;
  eB: number;
  eC: number;
  /** Which operand is weight-shaped (B for forward and backward-data, C for the weight gradient). */
  weight: Operand;
}

/** How many times each operand is streamed in full, and how many partial-sum passes C needs. */
export interface Tiling {
  tile: { M: number; N: number; K: number };
  passesA: number;
  passesB: number;
  /** Passes over C: 1 when the whole reduction happens on chip; p > 1 means p-1 partial-sum round trips. */
  passesC: number;
}

export interface Dataflow {
  readonly name: string;
  /** The operand held stationary for this GEMM. */
  stationary(g: Gemm): Operand;
}

const clamp = (x: number, lo: number, hi: number) => Math.max(Math.min(lo, hi), Math.min(hi, Math.max(lo, x)));

/**
 * Tiles a GEMM for a buffer. The stationary operand's tile takes up to half the buffer (the other half
 * double-buffers the streamed tiles); tiles never shrink below the PE array's edge, which its registers
 * hold even with no buffer. A stationary tile that spans the reduction K prefers to take all of K, so the
 * reduction finishes on chip. Every tile size grows monotonically with capacity, so re-reads never rise
 * with a larger buffer.
 */
export function tileGemm(g: Gemm, stationary: Operand, capacity: number, arrayEdge: number): Tiling {
  const budget = capacity / 2;
  const min = Math.max(1, arrayEdge);
  const e = { A: g.eA, B: g.eB, C: g.eC }[stationary];
  const elements = budget / e;
  let { M, N, K } = g;
  if (stationary === 'C') {
    const side = Math.floor(Math.sqrt(elements));
    const tm = clamp(side, min, g.M);
    const tn = clamp(Math.floor(elements / tm), min, g.N);
    // When N is clamped to the matrix's N, M takes the budget N left over (else the tile uses half of it).
    M = clamp(Math.floor(elements / tn), tm, g.M);
    N = tn;
  } else {
    const other = stationary === 'A' ? g.M : g.N;
    const tk = clamp(Math.floor(elements / min), min, g.K);
    const to = clamp(Math.floor(elements / tk), min, other);
    K = tk;
    if (stationary === 'A') M = to;
    else N = to;
  }
  const ceil = (a: number, b: number) => Math.ceil(a / b);
  switch (stationary) {
    case 'C':
      return { tile: { M, N, K: g.K }, passesA: ceil(g.N, N), passesB: ceil(g.M, M), passesC: 1 };
    case 'B':
      return { tile: { M: g.M, N, K }, passesA: ceil(g.N, N), passesB: 1, passesC: ceil(g.K, K) };
    case 'A':
      return { tile: { M, N: g.N, K }, passesA: 1, passesB: ceil(g.M, M), passesC: ceil(g.K, K) };
  }
}
