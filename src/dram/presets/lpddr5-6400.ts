// LPDDR5-6400 (JESD209-5) in bank-group mode (4 BG x 4 banks), four x16 channels, BL16.
// CK = 800 MHz (WCK:CK = 4:1), so one BL16 burst is 16 beats / 8 beats per CK = 2 nCK.
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';

const tCK = 1.25;

export default registerPreset({
  name: 'LPDDR5-6400',
  standard: 'LPDDR5',
  description: 'LPDDR5-6400 BG mode, 4 x16 channels (64 bits), 16 banks per channel, BL16 (4 GiB)',
  tCK_ns: tCK,
  dataRate: 6400,
  perBankRefresh: true, // JESD209-5 REFpb
  org: {
    channels: 4,
    ranks: 1,
    bankGroups: 4,
    banksPerGroup: 4, // Ramulator 2 LPDDR5_8Gb_x16: 4 BG x 4 banks, 32768 rows, 1024 cols
    rows: 32768,
    columns: 1024,
    busWidth: 16,
    burstLength: 16,
    deviceWidth: 16,
  },
  timing: {
    // Ramulator 2 src/dram/impl/LPDDR5.cpp LPDDR5_6400 (nCK of an 800 MHz CK)
    CL: 20,
    RCD: 15,
    RCDWR: 15,
    RP: 15,
    RPab: 17,
    RAS: 34,
    RC: 49, // tRAS + tRPpb (Ramulator 2 lists nRC 30 < nRAS + nRP, which JESD209-5 does not allow)
    WR: 28,
    RTP: 4,
    CWL: 11,
    BL: 2, // BL16 at 8 beats per CK
    CCD_S: 2, // BG mode: BL16 bursts to different bank groups back to back
    CCD_L: 4, // Ramulator 2: nCCD 4 (same bank group)
    RRD_S: 4,
    RRD_L: 4, // Ramulator 2: nRRD 4 (tRRD 5 ns)
    WTR_S: 5,
    WTR_L: 10, // Ramulator 2: nWTRS 5, nWTRL 10
    FAW: 16, // tFAW 20 ns
    RFC: 168, // tRFCab 210 ns (8Gb) -> 168 (Ramulator 2 tRFCab_TABLE)
    REFI: 3125, // tREFI 3.906 us -> 3125
    RFCpb: 96, // tRFCpb 120 ns (8Gb) -> 96
    PBR2PBR: 72, // tPBR2PBR 90 ns -> 72
    PBR2ACT: 7, // tPBR2ACT 7.5 ns -> 6, rounded up to 8 ns in Ramulator 2 -> 7 (JEDEC rounding of 8 ns)
    RTRS: 2, // Ramulator 2: nCS 2
    PPD: 2, // Ramulator 2: nPPD 2
  },
  power: {
    ...ZERO_POWER,
    // Estimate (no citable IDD set): LPDDR5 ~ 3 pJ/bit access+I/O and ~0.4 nJ per 2 KB row ACT+PRE,
    // scaled from the LPDDR4 estimate by the VDD2H 1.1 V -> 1.05 V and VDDQ 1.1 V -> 0.5 V change.
    // Marked as an assumption in docs/dram.md.
    actPJ: 400,
    rdPJ: 3 * 256,
    wrPJ: 3 * 256,
    refPJ: 18000,
    bgMW: 8,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: ['JEDEC JESD209-5 (LPDDR5)', 'Ramulator 2 src/dram/impl/LPDDR5.cpp LPDDR5_6400 and refresh tables'],
});
