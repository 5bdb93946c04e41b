// The DRAM model factory the replay uses: `createDram({ preset, overrides, mode: 'cycle' })`.
import type { DramModel, DramMode } from './dram.ts';
import { CycleDram } from './cycle.ts';
import { findPreset, allPresets } from './presets/index.ts';
import { burstBytes, capacityBytes, peakBytesPerNs, type DramSpec } from './spec.ts';
import { applyOverrides, refreshModes } from './overrides.ts';
import { inputError } from '../util/errors.ts';

export interface DramConfig {
  preset: string;
  overrides?: Record<string, number | string>;
  /** Only the cycle model is built here; the analytic one is `AnalyticDram` (analytic.ts). */
  mode: Extract<DramMode, 'cycle'>;
}

export interface PresetInfo {
  name: string;
  standard: string;
  description: string;
  dataRateMTs: number;
  tCK_ns: number;
  channels: number;
  busWidthBits: number;
  burstBytes: number;
  banksPerChannel: number;
  capacityGiB: number;
  peakGBps: number;
  CL: number;
  tRCD: number;
  tRP: number;
  tRAS: number;
  tREFI_ns: number;
  tRFC_ns: number;
  perBankRefresh: boolean;
  /** The refresh policies the standard allows (`--set refresh=...`), `none` aside. */
  refreshModes: string[];
  sources: string[];
}

/** The spec of a preset with overrides applied; throws a UserError naming the bad field. */
export function resolveSpec(preset: string, overrides?: Record<string, number | string>, where = '--set'): DramSpec {
  const base = findPreset(preset);
  if (!base)
    throw inputError(
      '--preset',
      preset,
      `one of ${allPresets()
        .map((p) => p.name)
        .join(', ')}`,
    );
  return applyOverrides(base, overrides, where);
}

export function createDram(config: DramConfig): CycleDram & DramModel {
  if (config.mode !== 'cycle') throw inputError('dram', 'mode', "'cycle' (the analytic model lives in analytic.ts)");
  return new CycleDram(resolveSpec(config.preset, config.overrides));
}

export function presetInfo(s: DramSpec): PresetInfo {
  return {
    name: s.name,
    standard: s.standard,
    description: s.description,
    dataRateMTs: s.dataRate,
    tCK_ns: s.tCK_ns,
    channels: s.org.channels,
    busWidthBits: s.org.busWidth,
    burstBytes: burstBytes(s),
    banksPerChannel: s.org.ranks * s.org.bankGroups * s.org.banksPerGroup,
    capacityGiB: capacityBytes(s) / 2 ** 30,
    peakGBps: peakBytesPerNs(s),
    CL: s.timing.CL,
    tRCD: s.timing.RCD,
    tRP: s.timing.RP,
    tRAS: s.timing.RAS,
    tREFI_ns: s.timing.REFI * s.tCK_ns,
    tRFC_ns: s.timing.RFC * s.tCK_ns,
    perBankRefresh: s.perBankRefresh,
    refreshModes: refreshModes(s).filter((m) => m !== 'none'),
    sources: s.sources,
  };
}

export function listPresets(): PresetInfo[] {
  return allPresets().map(presetInfo);
}

export { CycleDram, type DramReport } from './cycle.ts';
export type { DramSpec } from './spec.ts';
