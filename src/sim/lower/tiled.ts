// Tiled lowering. A matrix op becomes a GEMM tiled for the buffer by the configured dataflow: each operand's
// first pass goes through the buffer (so what the previous op left on chip is reused), its further passes
// are served on chip when the operand fits its share of the buffer (a quarter) and from DRAM otherwise;
// a reduction split across tiles costs p-1 partial-sum round trips of C. Batch norm makes two passes over
// its input (statistics, then normalisation; backward: reductions, then the input gradient), and the second
// pass goes through the buffer too, hitting only if the input stayed. Other element-wise ops stream once.
import type { ArchConfig } from '../../arch/schema.ts';
import type { TensorRef, TraceEvent } from '../../trace/schema.ts';
import { dataflows } from '../dataflow/index.ts';
import { tileGemm } from '../dataflow/dataflow.ts';
import { asGemm } from './gemm.ts';
import type { Access, Lowering } from './lowering.ts';
import { streaming } from './streaming.ts';

function* passes(tensor: TensorRef, count: number, write: boolean, share: number): Iterable<Access> {
  if (count <= 0 || tensor.bytes === 0) return;
  const path = tensor.bytes <= share ? 'local' : 'dram';
  for (let i = 0; i < count; i++) yield { tensor, offset: 0, bytes: tensor.bytes, write, path };
}

export const tiled: Lowering = {
  name: 'tiled',
  *lower(event: TraceEvent, arch: ArchConfig): Iterable<Access> {
    const g = asGemm(event);
    if (!g) {
      if (event.op === 'batchnorm' || event.op === 'batchnorm.backward') {
        const big = event.op === 'batchnorm' ? [event.reads[0]] : [event.reads[0], event.reads[1]];
        for (const t of big) yield { tensor: t, offset: 0, bytes: t.bytes, write: false, path: 'buffer' };
      }
      yield* streaming.lower(event, arch);
      return;
    }
    const capacity = arch.buffer.capacity;
    const flow = dataflows[arch.dataflow];
    const t = tileGemm(g.gemm, flow.stationary(g.gemm), capacity, Math.floor(Math.sqrt(arch.compute.macs_per_cycle)));
    const share = capacity / 4;
    yield { tensor: g.A, offset: 0, bytes: g.A.bytes, write: false, path: 'buffer' };
    yield { tensor: g.B, offset: 0, bytes: g.B.bytes, write: false, path: 'buffer' };
    for (const r of g.rest.filter((x) => !x.write)) yield { tensor: r.tensor, offset: 0, bytes: r.tensor.bytes, write: false, path: 'buffer' };
    yield* passes(g.A, t.passesA - 1, false, share);
    yield* passes(g.B, t.passesB - 1, false, share);
    // Partial sums: written out and read back once per extra reduction pass.
    yield* passes(g.C, t.passesC - 1, true, share);
    yield* passes(g.C, t.passesC - 1, false, share);
    yield { tensor: g.C, offset: 0, bytes: g.C.bytes, write: true, path: 'buffer' };
    for (const r of g.rest.filter((x) => x.write)) yield { tensor: r.tensor, offset: 0, bytes: r.tensor.bytes, write: true, path: 'buffer' };
  },
};
