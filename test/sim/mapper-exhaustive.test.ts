import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { exhaustiveMapping, simulateNest } from '../../src/sim/mapper/exhaustive.ts';
import { searchMapping } from '../../src/sim/mapper/search.ts';
import { fits } from '../../src/sim/mapper/evaluate.ts';
import { problemOf } from '../../src/sim/mapper/problem.ts';
import { matrixOpKinds, type DataflowConstraint, type HardwareBudget, type MatrixOp } from '../../src/sim/mapper/mapper.ts';

// Small conv / GEMM shapes: every kind, strides 1-2, padding 0-1, kernels 1-3, element sizes 1, 2 or 4 B.
const smallOp = fc
  .record({
    kind: fc.constantFrom(...matrixOpKinds),
    N: fc.integer({ min: 1, max: 2 }),
    K: fc.integer({ min: 1, max: 5 }),
    C: fc.integer({ min: 1, max: 4 }),
    H: fc.integer({ min: 1, max: 5 }),
    R: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }),
    padding: fc.integer({ min: 0, max: 1 }),
    e: fc.constantFrom(1, 2, 4),
  })
  .filter((s) => s.H + 2 * s.padding >= s.R)
  .map(({ kind, N, K, C, H, R, stride, padding, e }): MatrixOp => {
    const conv = kind.startsWith('conv');
    const P = conv ? Math.floor((H + 2 * padding - R) / stride) + 1 : 1;
    const d = conv ? { H, W: H, P, Q: P, R, S: R, stride, padding } : { H: 1, W: 1, P: 1, Q: 1, R: 1, S: 1, stride: 1, padding: 0 };
    return { kind, dims: { N, K, C, ...d }, bytesPerElement: { input: e, weight: 4, output: e } };
  });

const budget = (bufferBytes: number, dataflow: DataflowConstraint, weightBufferBytes?: number): HardwareBudget => ({
  bufferBytes,
  ...(weightBufferBytes === undefined ? {} : { weightBufferBytes }),
  array: { rows: 4, columns: 4 },
  macsPerPePerCycle: 1,
  clockHz: 1e9,
  dataflow,
});

const flows: DataflowConstraint[] = ['search', 'weight-stationary', 'output-stationary', 'input-stationary'];

test('the fast search finds the DRAM bytes of the exhaustive reference (every order × every tile size, simulated)', () => {
  fc.assert(
    fc.property(
      smallOp,
      fc.integer({ min: 20, max: 1200 }),
      fc.constantFrom(...flows),
      fc.option(fc.integer({ min: 20, max: 1200 }), { nil: undefined }),
      (op, perMille, flow, weightPerMille) => {
        // Buffers sized against the op (2%-120% of its operands), so that capacity binds in every way.
        const d = op.dims;
        const e = op.bytesPerElement;
        const total = d.N * d.C * d.H * d.W * e.input + d.K * d.C * d.R * d.S * e.weight + d.N * d.K * d.P * d.Q * e.output;
        const size = (pm: number) => Math.max(8, Math.floor((total * pm) / 1000));
        const hw = budget(size(perMille), flow, weightPerMille === undefined ? undefined : size(weightPerMille));
        const ref = exhaustiveMapping(op, hw);
        let fast;
        try {
          fast = searchMapping(op, hw);
        } catch {
          fast = undefined;
        }
        assert.equal(fast === undefined, ref === undefined, 'both find a fitting mapping, or neither');
        if (!fast || !ref) return;
        assert.equal(fast.dramBytes, ref.dramBytes);
        assert.ok(fits(problemOf(op), fast.tiles, hw), 'its tiles fit the buffer(s)');
        // The closed form the fast search uses agrees with running its own mapping tile by tile.
        assert.equal(simulateNest(problemOf(op), fast.loopOrder, fast.tiles).dram, fast.dramBytes);
      },
    ),
    { numRuns: 40, seed: 11 },
  );
});
