// Streaming lowering: an op reads each operand once and writes each result once (perfect reuse inside the
// op). Traffic then depends only on what stays on chip between ops; the tiled lowering refines this.
import type { ArchConfig } from '../../arch/schema.ts';
import type { Access, Lowering, LoweredOp } from './lowering.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { opTable } from '../../trace/ops.ts';
import { asGemm } from './gemm.ts';
import { gemmCycles, vectorCycles } from './array.ts';

export function onePass(event: TraceEvent): Access[] {
  return [
    ...event.reads.map((t): Access => ({ tensor: t, offset: 0, bytes: t.bytes, write: false, path: 'buffer', pass: 0 })),
    ...event.writes.map((t): Access => ({ tensor: t, offset: 0, bytes: t.bytes, write: true, path: 'buffer', pass: 0 })),
  ];
}

/** Cycles of an op with no mapping of its own: the array model for matrix ops, the vector unit otherwise. */
export function defaultCompute(event: TraceEvent, arch: ArchConfig): Pick<LoweredOp, 'cycles' | 'utilisation' | 'unit'> {
  const g = opTable[event.op].kind === 'matrix' ? asGemm(event) : undefined;
  if (g) return { ...gemmCycles(g.gemm, arch), unit: 'array' };
  return { ...vectorCycles(event.dims.macs, arch), unit: 'vector' };
}

export const streaming: Lowering = {
  name: 'streaming',
  lower(event, arch) {
    return { accesses: onePass(event), mapping: 'one pass per operand', ...defaultCompute(event, arch) };
  },
};
