// Picks the DRAM model an arch config asks for: analytic (peak bandwidth + latency) or the cycle-level
// JEDEC model of the config's preset or imported DRAMSim3 / Ramulator 2 config (with its overrides).
import type { ArchConfig } from '../arch/schema.ts';
import { AnalyticDram } from '../dram/analytic.ts';
import type { DramModel, DramMode } from '../dram/dram.ts';
import { CycleDram } from '../dram/cycle.ts';
import { archDramSpec } from '../arch/dram-spec.ts';
import { SampledDram } from '../dram/sampled.ts';

export function createDramFor(arch: ArchConfig, mode: DramMode = arch.dram.model): DramModel {
  if (mode === 'analytic') return new AnalyticDram((arch.dram.bandwidth * arch.dram.efficiency) / 1e9, arch.dram.latency * 1e9, arch.dram.energy_per_bit);
  return new SampledDram(new CycleDram(archDramSpec(arch.dram)), arch.dram.sample_limit);
}
