// Tiled lowering. A matrix op becomes a GEMM tiled for the buffer by the configured dataflow: each operand's
// first pass goes through the buffer (so what the previous op left on chip is reused), its further passes
// are kept on chip when the operand fits its share of the buffer (a quarter) and come from DRAM otherwise;
// a reduction split across tiles costs p-1 partial-sum round trips of C. Batch norm makes two passes over
// its input (statistics, then normalisation; backward: reductions, then the input gradient); the second
// goes through the buffer too, hitting only if the input stayed. With the statistics accumulated in the
// producing conv's epilogue, BN forward makes only the normalisation pass. Other ops stream once.
import type { TensorRef } from '../../trace/schema.ts';
import { opTable } from '../../trace/ops.ts';
import { dataflows } from '../dataflow/index.ts';
import { tileGemm } from '../dataflow/dataflow.ts';
import { asGemm } from './gemm.ts';
import type { Access, Lowering } from './lowering.ts';
import { defaultCompute, onePass } from './streaming.ts';
import { arrayEdge } from './array.ts';

function passes(tensor: TensorRef, from: number, to: number, write: boolean, share: number): Access[] {
  if (tensor.bytes === 0) return [];
  const path = tensor.bytes <= share ? 'local' : 'dram';
  const out: Access[] = [];
  for (let pass = from; pass < to; pass++) out.push({ tensor, offset: 0, bytes: tensor.bytes, write, path, pass });
  return out;
}

export const tiled: Lowering = {
  name: 'tiled',
  lower(event, arch, context) {
    const compute = defaultCompute(event, arch);
    const g = asGemm(event);
    if (!g) {
      const spec = opTable[event.op];
      const count = spec.passes && !(event.op === 'batchnorm' && context.statisticsInEpilogue) ? spec.passes.count : 1;
      const extra: Access[] = [];
      for (let pass = 1; pass < count; pass++)
        for (const t of event.reads.slice(0, spec.passes?.reads ?? 0)) extra.push({ tensor: t, offset: 0, bytes: t.bytes, write: false, path: 'buffer', pass });
      // Reads' first passes, then the further passes (each through the buffer), then the writes.
      const one = onePass(event);
      const reads = one.filter((a) => !a.write);
      const mapping = count > 1 ? `${count} passes over ${spec.reads.slice(0, spec.passes!.reads).join(', ')}` : 'one pass per operand';
      return { accesses: [...reads, ...extra, ...one.filter((a) => a.write)], mapping, ...compute };
    }
    const capacity = arch.buffer.capacity;
    const flow = arch.dataflow === 'search' ? 'weight-stationary' : arch.dataflow;
    const stationary = dataflows[flow].stationary(g.gemm);
    const t = tileGemm(g.gemm, stationary, capacity, arrayEdge(arch));
    const share = capacity / 4;
    const first = (tensor: TensorRef, write: boolean): Access => ({ tensor, offset: 0, bytes: tensor.bytes, write, path: 'buffer', pass: 0 });
    const accesses: Access[] = [
      first(g.A, false),
      first(g.B, false),
      ...g.rest.filter((x) => !x.write).map((r) => first(r.tensor, false)),
      ...passes(g.A, 1, t.passesA, false, share),
      ...passes(g.B, 1, t.passesB, false, share),
      // Partial sums: written out and read back once per extra reduction pass.
      ...passes(g.C, 0, t.passesC - 1, true, share),
      ...passes(g.C, 1, t.passesC, false, share),
      { ...first(g.C, true), pass: t.passesC - 1 },
      ...g.rest.filter((x) => x.write).map((r) => first(r.tensor, true)),
    ];
    const mapping = `${flow} (${stationary} stays) tile M${t.tile.M} N${t.tile.N} K${t.tile.K}; passes A${t.passesA} B${t.passesB} C${t.passesC}`;
    return { accesses, mapping, ...compute };
  },
};
