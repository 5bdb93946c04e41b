// The mapper's public face: the contract's types, trace conversion, the cached search and a budget read
// from an arch config.
import type { ArchConfig } from '../../arch/schema.ts';
import type { DataflowConstraint, HardwareBudget } from './mapper.ts';

export * from './mapper.ts';
export { matrixOpOf } from './from-trace.ts';
export { mapOp, mapperCacheStats, clearMapperCache } from './cache.ts';
export { exhaustiveMapping } from './exhaustive.ts';

/**
 * The budget of an arch config: the global buffer (and weight buffer), a square PE array of
 * √macs_per_cycle a side (the largest rows ≤ √macs dividing macs_per_cycle when it is not a square),
 * one MAC per PE per cycle, the config's clock and per-byte energies.
 */
export function budgetOf(arch: ArchConfig, dataflow: DataflowConstraint = arch.dataflow): HardwareBudget {
  const macs = arch.compute.macs_per_cycle;
  let rows = Math.floor(Math.sqrt(macs));
  while (macs % rows !== 0) rows--;
  const budget: HardwareBudget = {
    bufferBytes: arch.buffer.capacity,
    array: { rows, columns: macs / rows },
    macsPerPePerCycle: 1,
    clockHz: arch.compute.clock,
    dataflow,
    energy: {
      bufferReadPerByte: arch.buffer.read_energy_per_byte,
      bufferWritePerByte: arch.buffer.write_energy_per_byte,
      dramPerByte: arch.dram.energy_per_bit * 8,
    },
  };
  if (arch.weight_buffer) budget.weightBufferBytes = arch.weight_buffer.capacity;
  return budget;
}
