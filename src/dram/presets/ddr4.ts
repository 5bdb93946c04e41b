// Shared DDR4 (JESD79-4) pieces: every DDR4 preset is a 64-bit single-rank channel with BL8 (tBURST = 4 nCK),
// all-bank refresh only, tRTRS 2 (as DRAMSim3 DDR4 configs), tREFI 7.8 us (JESD79-4 normal temperature range).
import { DEFAULT_CONTROL, type DramControl } from '../spec.ts';

export const DDR4_CTRL: DramControl = { ...DEFAULT_CONTROL };

/** ns -> nCK with the JEDEC rounding rule (JESD79-4 13.5: round up after a 2.5% guard band). */
export function nck(ns: number, tCK: number): number {
  return Math.ceil(ns / tCK - 0.025);
}
