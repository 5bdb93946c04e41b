// Configs of the other simulators: `asapsim dram --config FILE` reads a DRAMSim3 .ini or a Ramulator 2
// YAML (by extension), `asapsim presets --export dramsim3|ramulator2 NAME` writes ours in their formats.
import { readFileSync, statSync } from 'node:fs';
import type { DramSpec } from '../spec.ts';
import { UserError } from '../../util/errors.ts';
import { readDramsim3Ini, writeDramsim3Ini } from './dramsim3-ini.ts';
import { readRamulator2Yaml, writeRamulator2Yaml } from './ramulator2-yaml.ts';

export type ConfigFormat = 'dramsim3' | 'ramulator2';
export const CONFIG_FORMATS: readonly ConfigFormat[] = ['dramsim3', 'ramulator2'];
/** Config files are small; anything larger is not one. */
const MAX_CONFIG_BYTES = 1 << 20;

export function readDramConfig(file: string): DramSpec {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new UserError(`${file}: cannot read the DRAM config (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > MAX_CONFIG_BYTES) throw new UserError(`${file}: a DRAM config of at most 1 MiB, got ${size} bytes`);
  const text = readFileSync(file, 'utf8');
  if (/\.ini$/i.test(file)) return readDramsim3Ini(text, file);
  if (/\.ya?ml$/i.test(file)) return readRamulator2Yaml(text, file);
  throw new UserError(`${file}: expected a DRAMSim3 .ini or a Ramulator 2 .yaml/.yml file`);
}

export function writeDramConfig(format: ConfigFormat, spec: DramSpec): string {
  return format === 'dramsim3' ? writeDramsim3Ini(spec) : writeRamulator2Yaml(spec);
}

export function parseConfigFormat(s: string): ConfigFormat {
  const f = CONFIG_FORMATS.find((x) => x === s.toLowerCase());
  if (f === undefined) throw new UserError(`--export: expected one of ${CONFIG_FORMATS.join(', ')}, got "${s}"`);
  return f;
}
