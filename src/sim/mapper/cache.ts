// Mappings cached by op shape + hardware budget: a step maps each distinct shape once (ResNet-18 repeats
// its blocks, and BP and ASAP replay the same convs). Tensor ids are re-attached per call.
import type { HardwareBudget, Mapping, MatrixOp, OperandName } from './mapper.ts';
import { operandNames } from './mapper.ts';
import { searchMapping } from './search.ts';

const cache = new Map<string, Mapping>();
const stats = { hits: 0, misses: 0 };

const keyOf = (op: MatrixOp, hw: HardwareBudget) => JSON.stringify([op.kind, op.dims, op.bytesPerElement, hw]);

/** The best mapping of a matrix op on a budget (DRAM bytes, then energy, then cycles). */
export function mapOp(op: MatrixOp, hw: HardwareBudget): Mapping {
  const key = keyOf(op, hw);
  let m = cache.get(key);
  if (m) stats.hits++;
  else {
    stats.misses++;
    m = searchMapping(op, hw);
    cache.set(key, m);
  }
  const operands = {} as Mapping['operands'];
  for (const r of operandNames as readonly OperandName[]) {
    const { tensor: _unused, ...rest } = m.operands[r];
    const id = op.tensors?.[r]?.id;
    operands[r] = id === undefined ? rest : { ...rest, tensor: id };
  }
  return { ...m, operands };
}

export function mapperCacheStats(): { hits: number; misses: number; hitRate: number; entries: number } {
  const total = stats.hits + stats.misses;
  return { ...stats, hitRate: total ? stats.hits / total : 0, entries: cache.size };
}

export function clearMapperCache(): void {
  cache.clear();
  stats.hits = 0;
  stats.misses = 0;
}
