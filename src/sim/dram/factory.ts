// Picks the DRAM model an arch config asks for. The cycle-level model lives in ./index.ts once present.
import type { ArchConfig } from '../../arch/schema.ts';
import { UserError } from '../../util/errors.ts';
import { AnalyticDram } from './analytic.ts';
import type { DramModel } from './dram.ts';

type CycleFactory = (config: { preset: string; overrides?: Record<string, number | string>; mode: 'cycle' }) => DramModel;
let cycleFactory: CycleFactory | undefined;

/** Registers the cycle-level model (done by ./index.ts, which the CLI imports). */
export function registerCycleDram(factory: CycleFactory): void {
  cycleFactory = factory;
}

export function createDramFor(arch: ArchConfig, mode: 'analytic' | 'cycle' = arch.dram.model): DramModel {
  if (mode === 'analytic') return new AnalyticDram(arch.dram.bandwidth / 1e9, arch.dram.latency * 1e9, arch.dram.energy_per_bit);
  if (!cycleFactory) throw new UserError('dram.model: the cycle-level DRAM model is not available in this build; use --mode analytic', 1);
  return cycleFactory({ preset: arch.dram.preset, overrides: arch.dram.overrides, mode: 'cycle' });
}
