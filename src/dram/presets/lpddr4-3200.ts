// LPDDR4-3200 (JESD209-4), four x16 channels (a 64-bit interface: two dual-channel 8Gb dies), BL16.
// JESD209-4 counts latencies from the end of multi-cycle CA commands; like Ramulator 1 we treat every
// command as one slot and fold the difference into CL/CWL (ramulator src/LPDDR4.h, speed LPDDR4_3200).
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';

const tCK = 0.625; // 1600 MHz clock, 3200 MT/s

export default registerPreset({
  name: 'LPDDR4-3200',
  standard: 'LPDDR4',
  description: 'LPDDR4-3200, 4 x16 channels (64 bits), 8 banks per channel, BL16 (2 GiB)',
  tCK_ns: tCK,
  dataRate: 3200,
  perBankRefresh: true, // JESD209-4 REFpb
  org: {
    channels: 4,
    ranks: 1,
    bankGroups: 1,
    banksPerGroup: 8, // JESD209-4: 8 banks per channel, no bank groups
    rows: 32768, // 8Gb die = 2 channels x 4Gb: 8 banks x 32768 rows x 1024 cols x 16 bits
    columns: 1024,
    busWidth: 16,
    burstLength: 16,
    deviceWidth: 16,
  },
  timing: {
    // Ramulator 1 src/LPDDR4.h speed_table LPDDR4_3200 ("calculated from JESD209-4 10.2 core timing table 89")
    CL: 32,
    RCD: 29,
    RCDWR: 29,
    RP: 27,
    RPab: 32,
    CWL: 18,
    BL: 8, // BL16 on a DDR bus = 8 nCK (Ramulator 1: nBL 8)
    RAS: 68,
    RC: 95,
    RTP: 14,
    WR: 28,
    CCD_S: 8,
    CCD_L: 8, // tCCD = BL/2 = 8 nCK; no bank groups
    RRD_S: 16,
    RRD_L: 16, // tRRD 10 ns
    WTR_S: 16,
    WTR_L: 16, // tWTR 10 ns
    FAW: 64, // tFAW 40 ns
    RFC: 288, // tRFCab 180 ns for a 4Gb-per-channel die (JESD209-4 Table: 4Gb/ch 180 ns) -> 288
    REFI: 6246, // tREFI 3.904 us (JESD209-4, 1x refresh rate) -> 6246
    RFCpb: 144, // tRFCpb 90 ns (4Gb per channel) -> 144
    PBR2PBR: 144, // tpbR2pbR 90 ns
    PBR2ACT: 0,
    RTRS: 2, // Ramulator 1: nRTRS 2
    PPD: 4, // tPPD 4 nCK
  },
  power: {
    ...ZERO_POWER,
    // No IDD set was found in a simulator config we could cite; per-command energies are an estimate:
    // ACT+PRE of a 2 KB LPDDR4 row ~ 0.5 nJ and ~ 4 pJ/bit for array+I/O read/write, the order of the
    // LPDDR4 figures in Li, Reddy, Jacob, "A Performance & Power Comparison of Modern High-Speed DRAM
    // Architectures", MEMSYS 2018 (DRAMSim3 paper). Marked as an assumption in docs/dram.md.
    actPJ: 500,
    rdPJ: 4 * 256,
    wrPJ: 4 * 256,
    refPJ: 20000,
    bgMW: 10,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: ['JEDEC JESD209-4 (LPDDR4) core timing table', 'Ramulator (1) src/LPDDR4.h speed_table LPDDR4_3200'],
});
