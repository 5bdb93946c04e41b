// DRAM energy from command counts and time, the Micron power-calculator method (TN-41-01, as DRAMPower
// and DRAMSim3 use it): each ACT/PRE pair, read burst, write burst and refresh costs its IDD above the
// active-standby current for its duration; background is IDD3N while a rank has an open row, IDD2N
// otherwise. Presets without IDD data give per-command pJ and a background mW instead.
import type { DramSpec } from './spec.ts';

export interface EnergyBreakdown {
  activateJ: number;
  readJ: number;
  writeJ: number;
  refreshJ: number;
  backgroundJ: number;
  ioJ: number;
}

export interface EnergyCounts {
  act: number;
  rd: number;
  wr: number;
  ref: number;
  refpb: number;
  refsb: number;
  /** Cycles simulated (for background). */
  cycles: number;
  /** Cycles with at least one open row, summed over ranks. */
  activeCycles: number;
  bytes: number;
}

const PJ = 1e-12;

/** Energy of one of each command, pJ, for the whole rank (all devices). */
/**
 * A same-bank refresh (DDR5 REFsb, fine-granularity mode) refreshes, in 1 of every `banksPerGroup` banks,
 * half the rows a normal-mode REF refreshes there (a full REFsb round is owed every tREFI / 2): energy per
 * refreshed row kept equal, it costs REF / (2 × banksPerGroup).
 */
export function commandEnergyPJ(spec: DramSpec): { act: number; rd: number; wr: number; ref: number; refpb: number; refsb: number } {
  const p = spec.power;
  const t = spec.timing;
  const tck = spec.tCK_ns;
  if (p.idd0 > 0) {
    const dev = Math.max(1, spec.org.busWidth / spec.org.deviceWidth);
    const act = (p.idd0 * t.RC - (p.idd3n * t.RAS + p.idd2n * (t.RC - t.RAS))) * p.vdd * tck * dev;
    const rd = (p.idd4r - p.idd3n) * p.vdd * t.BL * tck * dev;
    const wr = (p.idd4w - p.idd3n) * p.vdd * t.BL * tck * dev;
    const ref = (p.idd5b - p.idd3n) * p.vdd * t.RFC * tck * dev;
    const banks = spec.org.bankGroups * spec.org.banksPerGroup;
    const refpb = ((p.idd5b - p.idd3n) * p.vdd * Math.max(t.RFCpb, 1) * tck * dev) / banks;
    return { act, rd, wr, ref, refpb, refsb: ref / (2 * spec.org.banksPerGroup) };
  }
  const banks = spec.org.bankGroups * spec.org.banksPerGroup;
  return { act: p.actPJ, rd: p.rdPJ, wr: p.wrPJ, ref: p.refPJ, refpb: p.refPJ / banks, refsb: p.refPJ / (2 * spec.org.banksPerGroup) };
}

export function energy(spec: DramSpec, c: EnergyCounts): EnergyBreakdown {
  const p = spec.power;
  const e = commandEnergyPJ(spec);
  const tck = spec.tCK_ns;
  const ranks = spec.org.channels * spec.org.ranks;
  let bg: number;
  if (p.idd0 > 0) {
    const dev = Math.max(1, spec.org.busWidth / spec.org.deviceWidth);
    const idle = c.cycles * ranks - c.activeCycles;
    bg = (p.idd3n * c.activeCycles + p.idd2n * Math.max(0, idle)) * p.vdd * tck * dev;
  } else {
    bg = p.bgMW * c.cycles * tck * ranks;
  }
  return {
    activateJ: c.act * e.act * PJ,
    readJ: c.rd * e.rd * PJ,
    writeJ: c.wr * e.wr * PJ,
    refreshJ: (c.ref * e.ref + c.refpb * e.refpb + c.refsb * e.refsb) * PJ,
    backgroundJ: bg * PJ,
    ioJ: c.bytes * 8 * p.ioPJPerBit * PJ,
  };
}

export function totalJ(b: EnergyBreakdown): number {
  return b.activateJ + b.readJ + b.writeJ + b.refreshJ + b.backgroundJ + b.ioJ;
}
