// The DRAM an arch config describes: `dram.preset`, or the DRAMSim3 .ini / Ramulator 2 YAML that
// `dram.config` names (a path relative to the arch config file; the loader makes it absolute), with
// `dram.overrides` applied on top of either, as `asapsim dram --preset|--config FILE --set k=v` does.
import { basename } from 'node:path';
import type { ArchConfig } from './schema.ts';
import type { DramSpec } from '../dram/spec.ts';
import { readDramConfig } from '../dram/configs/index.ts';
import { resolveSpec } from '../dram/index.ts';
import { applyOverrides } from '../dram/overrides.ts';

export type ArchDram = ArchConfig['dram'];

/** The resolved spec; a bad override or imported key throws an InputError naming it (`where` for overrides). */
export function archDramSpec(dram: ArchDram, where = 'dram.overrides'): DramSpec {
  if (dram.config !== undefined) return applyOverrides(readDramConfig(dram.config), dram.overrides, where);
  if (dram.preset === undefined) throw new Error('arch config: dram.preset or dram.config is required (the loader checks this)');
  return resolveSpec(dram.preset, dram.overrides, where);
}

/** What names the DRAM in reports: the preset, or the imported config's file name. */
export function archDramName(dram: ArchDram): string {
  return dram.preset ?? basename(dram.config ?? '');
}
