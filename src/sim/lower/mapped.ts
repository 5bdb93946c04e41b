// Mapped lowering: each matrix op as the mapper (src/sim/mapper) maps it on the config's buffer and PE
// array. Per operand the mapping gives its DRAM bytes and its number of passes; the lowering turns them into
// accesses the replay can serve and forward:
//   read operand:  pass 0 reads one pass's bytes (capped at the tensor) through the buffer, so what an
//                  earlier op left resident is reused; halo re-reads of pass 0 go to DRAM (path dram, pass 0:
//                  a forwarded input gets its halos from the producer's tiles); passes 1.. read the rest
//                  from DRAM (a strided 1×1 conv's pass reads only the pixels it uses: fewer bytes than the tensor);
//   written operand: each partial-sum spill written and read back from DRAM, then the final write through
//                  the buffer.
// A mapping that keeps an operand on chip makes one pass over it. Compute cycles and utilisation are the
// mapping's PE-array ones; buffer accesses (energy, bandwidth) are the mapping's per-operand counts.
// When no tile fits the buffer at all the op falls back to the tiled lowering (said in its mapping string).
// Element-wise ops lower as the tiled lowering does (batch norm's passes, the BN-statistics epilogue).
import { budgetOf, mapOp, matrixOpOf, operandNames, type Mapping } from '../mapper/index.ts';
import type { TensorRef } from '../../trace/schema.ts';
import type { Access, Lowering, LoweredOp } from './lowering.ts';
import { tiled } from './tiled.ts';
import { UserError } from '../../util/errors.ts';

function readAccesses(t: TensorRef, dramRead: number, passes: number): Access[] {
  if (t.bytes === 0 || dramRead === 0) return [{ tensor: t, offset: 0, bytes: 0, write: false, path: 'buffer', pass: 0 }];
  const n = Math.max(1, passes);
  const perPass = dramRead / n;
  const first = Math.min(t.bytes, Math.round(perPass));
  const out: Access[] = [{ tensor: t, offset: 0, bytes: first, write: false, path: 'buffer', pass: 0 }];
  const halo = Math.round(perPass) - first;
  if (halo > 0) out.push({ tensor: t, offset: 0, bytes: Math.min(halo, t.bytes), write: false, path: 'dram', pass: 0 });
  let rest = dramRead - first - Math.max(0, halo);
  for (let pass = 1; pass < n && rest > 0; pass++) {
    const bytes = pass === n - 1 ? rest : Math.round(perPass);
    for (let left = bytes; left > 0;) {
      const piece = Math.min(left, t.bytes); // an access never spans more than its tensor
      out.push({ tensor: t, offset: 0, bytes: piece, write: false, path: 'dram', pass });
      left -= piece;
    }
    rest -= bytes;
  }
  return out;
}

function writeAccesses(t: TensorRef, dramWrite: number, dramRead: number, passes: number): Access[] {
  const out: Access[] = [];
  const spills = Math.max(0, passes - 1);
  const partialWrite = Math.max(0, dramWrite - t.bytes);
  for (let i = 0; i < spills; i++) {
    const w = Math.round(partialWrite / spills);
    const r = Math.round(dramRead / spills);
    if (w > 0) out.push({ tensor: t, offset: 0, bytes: Math.min(w, t.bytes), write: true, path: 'dram', pass: i });
    if (r > 0) out.push({ tensor: t, offset: 0, bytes: Math.min(r, t.bytes), write: false, path: 'dram', pass: i + 1 });
  }
  out.push({ tensor: t, offset: 0, bytes: t.bytes, write: true, path: 'buffer', pass: spills });
  return out;
}

export const mapped: Lowering = {
  name: 'mapped',
  lower(event, arch, context): LoweredOp {
    const op = matrixOpOf(event);
    if (!op || !op.tensors) return { ...tiled.lower(event, arch, context), mapping: 'one pass per operand' };
    let m: Mapping;
    try {
      m = mapOp(op, budgetOf(arch));
    } catch (e) {
      // No tile of the op fits the buffer (e.g. a zero-capacity buffer): the PE array's registers hold the
      // tiles and the fixed tiling's passes apply; the mapping string says so.
      if (!(e instanceof UserError)) throw e;
      const t = tiled.lower(event, arch, context);
      return { ...t, mapping: `no buffer tile fits (${arch.buffer.capacity} B): ${t.mapping}` };
    }
    const tensors = op.tensors as Record<(typeof operandNames)[number], TensorRef>;
    const used = new Set(operandNames.map((r) => tensors[r].id));
    const rest = (write: boolean) =>
      (write ? event.writes : event.reads)
        .filter((t) => !used.has(t.id))
        .map((t): Access => ({ tensor: t, offset: 0, bytes: t.bytes, write, path: 'buffer', pass: 0 }));
    const accesses = [
      ...readAccesses(tensors.input, m.operands.input.dramRead, m.operands.input.passes),
      ...readAccesses(tensors.weight, m.operands.weight.dramRead, m.operands.weight.passes),
      ...rest(false),
      ...writeAccesses(tensors.output, m.operands.output.dramWrite, m.operands.output.dramRead, m.operands.output.passes),
      ...rest(true),
    ];
    const bufferAccess = operandNames.map((r) => ({ tensor: tensors[r], reads: m.operands[r].bufferRead, writes: m.operands[r].bufferWrite }));
    return { accesses, cycles: m.cycles, utilisation: m.utilisation, mapping: m.text, unit: 'array', bufferAccess };
  },
};
