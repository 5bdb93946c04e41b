// Shared by the config readers: the preset a foreign config starts from (by protocol), and turning the
// collected values into a checked spec (every override validated as `--set` would be).
import { basename } from 'node:path';
import type { DramSpec } from '../spec.ts';
import { findPreset } from '../presets/index.ts';
import { applyOverrides } from '../overrides.ts';
import { inputError } from '../../util/errors.ts';

/** Collected values by our field names (org, timing, power, control, tCK_ns, dataRate), plus channelMiB. */
export type Collected = Record<string, number | string | undefined>;
export type Assign = (o: Collected, value: string) => void;

/** The preset a config of `protocol` starts from (for the parameters the other simulator does not describe). */
const BASES: Record<string, string> = {
  DDR3: 'DDR3-1600-4Gb-x8',
  DDR4: 'DDR4-2400-8Gb-x8',
  DDR5: 'DDR5-4800-16Gb-x8',
  LPDDR4: 'LPDDR4-3200',
  LPDDR5: 'LPDDR5-6400',
  LPDDR5X: 'LPDDR5X-8533',
  GDDR6: 'GDDR6-14Gbps',
  HBM2: 'HBM2-2Gbps',
  HBM2E: 'HBM2E-3.2Gbps',
  HBM: 'HBM2-2Gbps',
  HBM3: 'HBM3-6.4Gbps',
};

/**
 * Data beats per command-clock cycle (tBURST = burst length / this): DDR 2; LPDDR5/5X (WCK = 4 CK) 8;
 * GDDR6 (data at 8 bits per pin per CK, as Ramulator 2 clocks it; DRAMSim3 counts 16) 8; HBM3 4.
 */
const BEATS_PER_CYCLE: Record<string, number> = {
  DDR3: 2,
  DDR4: 2,
  DDR5: 2,
  LPDDR4: 2,
  LPDDR5: 8,
  LPDDR5X: 8,
  GDDR6: 8,
  HBM2: 2,
  HBM: 2,
  HBM3: 4,
};

/** The protocol name the other simulators know a standard by (neither has an HBM2E model: it is HBM2 there). */
export function foreignProtocol(standard: string): string {
  return standard === 'HBM2E' ? 'HBM2' : standard;
}

/** DRAMSim3 (protocols HBM, HBM2) counts an HBM column as the 2n prefetch of the device width and doubles `columns` on reading. */
export function isHbm(standard: string): boolean {
  return standard === 'HBM2' || standard === 'HBM2E';
}

export function beatsPerCycle(standard: string): number {
  const k = standard.toUpperCase();
  return Object.hasOwn(BEATS_PER_CYCLE, k) ? BEATS_PER_CYCLE[k] : 2;
}

export function baseFor(protocol: string | undefined, where: string): DramSpec {
  const key = (protocol ?? '').toUpperCase();
  const name = Object.hasOwn(BASES, key) ? BASES[key] : undefined;
  const base = name ? findPreset(name) : undefined;
  if (!base) throw inputError(where, protocol ?? '(missing)', `one of ${Object.keys(BASES).join(', ')}`);
  return base;
}

export function finish(base: DramSpec, o: Collected, file: string): DramSpec {
  const { channelMiB, ...fields } = o;
  // formats with one tRCD / tRP mean it for writes and all-bank precharge too, unless they say otherwise
  if (fields.RCD !== undefined && fields.RCDWR === undefined) fields.RCDWR = fields.RCD;
  if (fields.RP !== undefined && fields.RPab === undefined) fields.RPab = fields.RP;
  const overrides: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) overrides[k] = v;
  let spec = applyOverrides(base, overrides, file);
  if (channelMiB !== undefined) {
    const g = spec.org;
    const devMiB = (g.bankGroups * g.banksPerGroup * g.rows * g.columns * g.deviceWidth) / 8 / 2 ** 20;
    const ranks = Number(channelMiB) / ((g.busWidth / g.deviceWidth) * devMiB);
    if (!Number.isInteger(ranks) || ranks < 1)
      throw inputError(file, 'channel_size', `a whole number of ranks of ${(g.busWidth / g.deviceWidth) * devMiB} MiB, got ${channelMiB} MiB`);
    spec = applyOverrides(spec, { ranks }, file);
  }
  return { ...spec, name: basename(file), description: `${spec.standard} from ${basename(file)} (unset parameters from ${base.name})` };
}
