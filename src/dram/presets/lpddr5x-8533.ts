// LPDDR5X-8533 (JESD209-5B) in bank-group mode (4 BG x 4 banks), four x16 channels of 16Gb, BL16.
// CK = 1066.7 MHz (WCK:CK = 4:1), so one BL16 burst is 16 beats / 8 beats per CK = 2 nCK. The core
// timings are JESD209-5B's ns values (shared with LPDDR5) at this clock, JEDEC rounding; RL/WL are the
// LPDDR5-6400 preset's in ns (an estimate, docs/dram-presets.md).
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';
import { nck } from './ddr4.ts';

const tCK = 0.9375; // 8533 MT/s / 8 = 1066.7 MHz CK

export default registerPreset({
  name: 'LPDDR5X-8533',
  standard: 'LPDDR5X',
  description: 'LPDDR5X-8533 BG mode, 4 x16 channels (64 bits), 16 banks per channel, BL16 (8 GiB)',
  tCK_ns: tCK,
  dataRate: 8533,
  perBankRefresh: true, // JESD209-5B REFpb
  org: {
    channels: 4,
    ranks: 1,
    bankGroups: 4,
    banksPerGroup: 4, // Ramulator 2 LPDDR5_16Gb_x16: 4 BG x 4 banks, 65536 rows, 1024 columns
    rows: 65536,
    columns: 1024,
    busWidth: 16,
    burstLength: 16,
    deviceWidth: 16,
  },
  timing: {
    CL: nck(25, tCK), // estimate: the LPDDR5-6400 preset's RL 20 nCK = 25 ns -> 27
    CWL: nck(13.75, tCK), // estimate: its WL 11 nCK = 13.75 ns -> 15
    BL: 2, // BL16 at 8 beats per CK
    RCD: nck(18, tCK), // tRCD 18 ns -> 20
    RCDWR: nck(18, tCK),
    RP: nck(18, tCK), // tRPpb 18 ns -> 20
    RPab: nck(21, tCK), // tRPab 21 ns -> 23
    RAS: nck(42, tCK), // tRAS 42 ns -> 45
    RC: nck(42, tCK) + nck(18, tCK), // tRAS + tRPpb -> 65
    WR: nck(34, tCK), // tWR 34 ns -> 37
    RTP: nck(7.5, tCK), // tRTP 7.5 ns -> 8
    CCD_S: 2, // BG mode: BL16 bursts to different bank groups back to back
    CCD_L: 4, // same bank group: BL16 takes 4 nCK (as LPDDR5-6400)
    RRD_S: nck(5, tCK), // tRRD 5 ns -> 6
    RRD_L: nck(5, tCK),
    WTR_S: nck(6.25, tCK), // tWTR_S 6.25 ns -> 7
    WTR_L: nck(12, tCK), // tWTR_L 12 ns -> 13
    FAW: nck(20, tCK), // tFAW 20 ns -> 22
    RFC: nck(280, tCK), // tRFCab 16Gb 280 ns -> 299
    REFI: Math.floor(3906 / tCK), // tREFI 3.906 us -> 4166
    RFCpb: nck(140, tCK), // tRFCpb 16Gb 140 ns -> 150
    PBR2PBR: nck(90, tCK), // tpbR2pbR 90 ns -> 96
    PBR2ACT: nck(7.5, tCK), // tpbR2act 7.5 ns -> 8
    RTRS: 2,
    PPD: 2, // tPPD 2 nCK
  },
  power: {
    ...ZERO_POWER,
    // Estimate (no citable IDD set): the LPDDR5-6400 per-command estimate x 0.8 (vendors claim ~20 % less
    // energy per bit for LPDDR5X), refresh x 2 for the 16Gb die. docs/dram-presets.md gives the error bound.
    actPJ: 320,
    rdPJ: 2.4 * 256,
    wrPJ: 2.4 * 256,
    refPJ: 28800,
    bgMW: 6.4,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: [
    'JEDEC JESD209-5B (LPDDR5/5X): tRCD, tRPpb/ab, tRAS, tWR, tRRD, tFAW, tWTR, tRFCab/pb, tpbR2pbR, tpbR2act, tREFI',
    'Ramulator 2 python/ramulator/dram/lpddr5.py: LPDDR5_16Gb_x16 organisation and the JESD209-5B refresh tables',
    'RL/WL and energy: estimates scaled from the LPDDR5-6400 preset (docs/dram-presets.md)',
  ],
});
