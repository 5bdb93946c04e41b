// The mapper's DRAM bytes redone by hand. Every expected number is built from the op's dimensions here,
// with the reasoning that forces it written beside it; only the mapper's answer comes from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clearMapperCache, mapOp, mapperCacheStats, matrixOpOf, type HardwareBudget, type MatrixOp, type MatrixOpKind } from '../../src/sim/mapper/index.ts';
import { searchMapping } from '../../src/sim/mapper/search.ts';
import { evaluate } from '../../src/sim/mapper/evaluate.ts';
import { problemOf } from '../../src/sim/mapper/problem.ts';
import { UserError } from '../../src/util/errors.ts';
import { trace } from '../helpers.ts';

const KiB = 1024;
const MiB = 1024 * 1024;
const edge = (bufferBytes = 512 * KiB, dataflow: HardwareBudget['dataflow'] = 'search'): HardwareBudget => ({
  bufferBytes,
  array: { rows: 32, columns: 32 },
  macsPerPePerCycle: 1,
  clockHz: 1e9,
  dataflow,
});
const conv = (kind: MatrixOpKind, N: number, C: number, K: number, H: number, R: number, stride: number, padding: number): MatrixOp => {
  const P = Math.floor((H + 2 * padding - R) / stride) + 1;
  return { kind, dims: { N, C, K, H, W: H, P, Q: P, R, S: R, stride, padding }, bytesPerElement: { input: 4, weight: 4, output: 4 } };
};

test('3x3 conv forward whose weight fits: compulsory traffic, padding made on chip', () => {
  // CIFAR ResNet-18 layer1 conv at batch 128 with a 2 MiB buffer: one image's input (64x32x32x4 = 256 KiB),
  // its output (256 KiB) and the whole weight (144 KiB) fit together, so each tensor moves once. The input
  // is N*C*H*W (the padded border is never read), the output is written once (the reduction C*R*S stays on chip).
  const m = mapOp(conv('conv-forward', 128, 64, 64, 32, 3, 1, 1), edge(2 * MiB));
  const X = 128 * 64 * 32 * 32 * 4;
  const W = 64 * 64 * 3 * 3 * 4;
  const Y = 128 * 64 * 32 * 32 * 4;
  assert.equal(m.operands.input.dramRead, X);
  assert.equal(m.operands.weight.dramRead, W);
  assert.deepEqual([m.operands.output.dramRead, m.operands.output.dramWrite], [0, Y]);
  assert.equal(m.dramBytes, X + W + Y);
});

test('3x3 conv forward whose weight does not fit, weight-stationary: the input is streamed once per weight tile', () => {
  // layer2.0.conv2 (128 -> 128 channels, 16x16, batch 128) in 512 KiB: W is 128*128*9*4 = 576 KiB > 512 KiB.
  // Weight-stationary reads W once, so its tiles of k filters (each 128*9*4 = 4608 B) sit beside one input
  // tile and the k-channel output tile. Smallest halo-free tiles: one image's whole input 128*16*16*4 =
  // 128 KiB, and 16*16*4 = 1024 B of output per filter: k <= (512 KiB - 128 KiB) / (4608 + 1024) = 69.8,
  // so K = 128 needs 2 weight tiles and the input is read twice. (Keeping an input tile across both weight
  // tiles instead would re-read W for every input tile, which weight-stationary forbids.)
  const kmax = Math.floor((512 * KiB - 128 * 16 * 16 * 4) / (128 * 9 * 4 + 16 * 16 * 4));
  const passes = Math.ceil(128 / kmax);
  assert.equal(passes, 2);
  const X = 128 * 128 * 16 * 16 * 4;
  const W = 128 * 128 * 9 * 4;
  const Y = 128 * 128 * 16 * 16 * 4;
  const m = mapOp(conv('conv-forward', 128, 128, 128, 16, 3, 1, 1), edge(512 * KiB, 'weight-stationary'));
  assert.equal(m.operands.weight.dramRead, W);
  assert.equal(m.operands.input.passes, passes);
  assert.equal(m.operands.input.dramRead, passes * X);
  assert.equal(m.dramBytes, passes * X + W + Y);
  // The free search cannot do better: any split of W either re-reads X, re-reads W per input tile, or spills Y.
  assert.equal(mapOp(conv('conv-forward', 128, 128, 128, 16, 3, 1, 1), edge()).dramBytes, passes * X + W + Y);
});

test('strided 1x1 shortcut reads only the pixels it uses', () => {
  // layer2.0.shortcut: 64 -> 128 channels, 32x32 -> 16x16, stride 2, no padding. Output pixel (p, q) reads
  // input pixel (2p, 2q) only: N*C*P*Q elements, a quarter of the input tensor. Everything fits per image.
  const m = mapOp(conv('conv-forward', 128, 64, 128, 32, 1, 2, 0), edge());
  const usedX = 128 * 64 * 16 * 16 * 4;
  assert.equal(m.operands.input.dramRead, usedX);
  assert.ok(m.operands.input.dramRead < 128 * 64 * 32 * 32 * 4);
  assert.equal(m.dramBytes, usedX + 128 * 64 * 4 + 128 * 128 * 16 * 16 * 4);
  // Its backward-data writes all of dX (zeros where no output looked) and reads dY once.
  const b = mapOp(conv('conv-backward-data', 128, 64, 128, 32, 1, 2, 0), edge());
  assert.equal(b.dramBytes, 128 * 128 * 16 * 16 * 4 + 128 * 64 * 4 + 128 * 64 * 32 * 32 * 4);
});

test('weight gradient whose dW does not fit reads one input twice', () => {
  // layer2.0.conv2's dW = sum over N, P, Q of dY x X: dW is 576 KiB > 512 KiB, so it is made in >= 2 tiles,
  // split along K or C. A dW tile split along C needs all of dY, one split along K all of X: either way one
  // 16 MiB operand is read twice, the other once, and dW (reduced on chip) is written once. Spilling dW
  // partial sums instead would cost more: the reduction is 2M long and no split of it fits a whole dW.
  const X = 128 * 128 * 16 * 16 * 4;
  const dY = 128 * 128 * 16 * 16 * 4;
  const dW = 128 * 128 * 9 * 4;
  for (const flow of ['search', 'output-stationary'] as const) {
    const m = mapOp(conv('conv-weight-gradient', 128, 128, 128, 16, 3, 1, 1), edge(512 * KiB, flow));
    assert.equal(m.dramBytes, X + dY + Math.min(X, dY) + dW, flow);
    assert.deepEqual([m.operands.output.dramRead, m.operands.output.dramWrite], [0, dW], flow);
  }
});

test('a spatial tile re-reads its halo; a split reduction spills and re-reads partial sums (fixed mappings)', () => {
  // 8x8 input, 3x3 kernel, padding 1, output rows tiled by 4: tile 0 needs input rows -1..4 -> 0..4 (5 rows),
  // tile 1 rows 3..8 -> 3..7 (5 rows): 10 rows read per column sweep instead of 8.
  const op = conv('conv-forward', 1, 2, 2, 8, 3, 1, 1);
  const p = problemOf(op);
  const hw = edge(64 * KiB);
  const halo = evaluate(op, p, ['N', 'K', 'C', 'P', 'Q'], { N: 1, K: 2, C: 2, P: 4, Q: 8 }, 'ws', hw);
  assert.equal(halo.operands.input.dramRead, 1 * 2 * 10 * 8 * 4);
  // C split in 2 outside the P loop (P in 2 tiles): each output tile is visited once per C tile, so it is
  // written twice and read back once. (With P whole, the output tile would simply stay while C advances.)
  const spill = evaluate(op, p, ['C', 'N', 'K', 'P', 'Q'], { N: 1, K: 2, C: 1, P: 4, Q: 8 }, 'ws', hw);
  const Y = 1 * 2 * 8 * 8 * 4;
  assert.deepEqual([spill.operands.output.passes, spill.operands.output.dramWrite, spill.operands.output.dramRead], [2, 2 * Y, Y]);
  const stays = evaluate(op, p, ['C', 'N', 'K', 'P', 'Q'], { N: 1, K: 2, C: 1, P: 8, Q: 8 }, 'ws', hw);
  assert.deepEqual([stays.operands.output.passes, stays.operands.output.dramWrite, stays.operands.output.dramRead], [1, Y, 0]);
});

test('backward-data of a strided 3x3 conv: a dX tile needs the dY rows whose windows touch it', () => {
  // Forward: 16 -> 8 rows, stride 2, padding 1, R = 3: output row p reads input rows 2p-1 .. 2p+1.
  // dX rows 0..7 get contributions from dY rows p with 2p-1+r in 0..7 for some r < 3: p = 0..4 (5 rows);
  // dX rows 8..15 from p with 2p-1+r in 8..15: p = 4..7 (4 rows). 9 dY rows per column sweep instead of 8;
  // columns untiled (all 8 dY columns).
  const op = conv('conv-backward-data', 1, 2, 2, 16, 3, 2, 1);
  const m = evaluate(op, problemOf(op), ['N', 'K', 'C', 'P', 'Q'], { N: 1, K: 2, C: 2, P: 8, Q: 16 }, 'ws', edge(64 * KiB));
  assert.equal(m.operands.input.dramRead, 1 * 2 * 9 * 8 * 4);
  assert.deepEqual([m.operands.output.dramRead, m.operands.output.dramWrite], [0, 1 * 2 * 16 * 16 * 4]);
});

test('utilisation is exact for a GEMM that fills every fold: T / (T + 2*rows + columns - 2)', () => {
  // 256x64 times 64x64 on 32x32, weight-stationary: Kr = 64 on the rows (2 folds), Nn = 64 on the columns
  // (2 folds), M = 256 streamed. Each of the 4 folds costs 2*32 + 32 + 256 - 2 = 350 cycles.
  const op: MatrixOp = {
    kind: 'linear-forward',
    dims: { N: 256, C: 64, K: 64, H: 1, W: 1, P: 1, Q: 1, R: 1, S: 1, stride: 1, padding: 0 },
    bytesPerElement: { input: 4, weight: 4, output: 4 },
  };
  const m = evaluate(op, problemOf(op), ['N', 'K', 'C', 'P', 'Q'], { N: 256, K: 64, C: 64, P: 1, Q: 1 }, 'ws', edge(MiB));
  assert.equal(m.cycles, 4 * 350);
  assert.equal(m.utilisation, (256 * 64 * 64) / (4 * 350 * 1024));
  assert.equal(m.utilisation, 256 / 350);
});

const shape = fc
  .record({
    kind: fc.constantFrom<MatrixOpKind>('conv-forward', 'conv-backward-data', 'conv-weight-gradient', 'linear-forward'),
    N: fc.integer({ min: 1, max: 16 }),
    C: fc.integer({ min: 1, max: 48 }),
    K: fc.integer({ min: 1, max: 48 }),
    H: fc.integer({ min: 3, max: 12 }),
    R: fc.constantFrom(1, 3),
    stride: fc.constantFrom(1, 2),
  })
  .map((s) => (s.kind === 'linear-forward' ? conv(s.kind, s.N, s.C, s.K, 1, 1, 1, 0) : conv(s.kind, s.N, s.C, s.K, s.H, s.R, s.stride, s.R === 3 ? 1 : 0)));
const tryMap = (op: MatrixOp, hw: HardwareBudget) => {
  try {
    return searchMapping(op, hw);
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw e;
  }
};

test('DRAM bytes never rise with buffer capacity; utilisation never exceeds 1; the tiles fit (property)', () => {
  fc.assert(
    fc.property(
      shape,
      fc.integer({ min: 256, max: 256 * KiB }),
      fc.integer({ min: 0, max: 256 * KiB }),
      fc.constantFrom<HardwareBudget['dataflow']>('search', 'weight-stationary', 'output-stationary', 'input-stationary'),
      (op, small, extra, flow) => {
        const a = tryMap(op, edge(small, flow));
        const b = tryMap(op, edge(small + extra, flow));
        if (a) {
          assert.ok(b, 'what fits a smaller buffer fits a larger one');
          assert.ok(b.dramBytes <= a.dramBytes, `${b.dramBytes} > ${a.dramBytes}`);
        }
        for (const [m, cap] of [
          [a, small],
          [b, small + extra],
        ] as const) {
          if (!m) continue;
          assert.ok(m.utilisation > 0 && m.utilisation <= 1, String(m.utilisation));
          const o = m.operands;
          assert.ok(o.input.tileBytes + o.weight.tileBytes + o.output.tileBytes <= cap, 'one tile of each operand fits');
        }
      },
    ),
    { numRuns: 40, seed: 7 },
  );
});

test('matrixOpOf reads a trace conv, its backward passes and leaves other ops alone', () => {
  const t = trace('resnet18', 'bp', { batch: 2, width: 0.25 });
  const byKind = new Map<string, MatrixOp>();
  for (const e of t.events) {
    const op = matrixOpOf(e);
    const matrix = ['conv2d', 'conv2d.backward_data', 'conv2d.backward_weight', 'linear', 'linear.backward_data', 'linear.backward_weight', 'dfa.project'];
    assert.equal(op !== undefined, matrix.includes(e.op), e.op);
    if (op && e.layer === 'layer2.0.conv1') byKind.set(op.kind, op);
    if (op && e.op === 'conv2d.backward_weight') {
      assert.equal(op.tensors?.input?.id, e.reads[1].id, 'weight gradient input is the activation');
      assert.equal(op.tensors?.weight?.id, e.reads[0].id, 'and its weight operand the error dY');
    }
  }
  assert.equal(matrixOpOf({ ...t.events[0], op: 'relu' }), undefined);
  const f = byKind.get('conv-forward')!;
  assert.deepEqual([f.dims.C, f.dims.K, f.dims.H, f.dims.P, f.dims.R, f.dims.stride, f.dims.padding], [16, 32, 32, 16, 3, 2, 1]);
  assert.ok(byKind.has('conv-backward-data') && byKind.has('conv-weight-gradient'));
});

test('cache: the same shape on the same budget is searched once; a buffer too small is a one-line error', () => {
  clearMapperCache();
  const op = conv('conv-forward', 4, 8, 8, 8, 3, 1, 1);
  const a = mapOp(op, edge(64 * KiB));
  const b = mapOp(op, edge(64 * KiB));
  assert.deepEqual(a, b);
  assert.deepEqual([mapperCacheStats().hits, mapperCacheStats().misses], [1, 1]);
  assert.throws(
    () => mapOp(op, edge(16)),
    (e: unknown) => e instanceof UserError && /no tile fits the buffer \(16 B\)/.test(e.message),
  );
});
