// GDDR6 at 14 Gb/s per pin (JESD250), one 8Gb x32 device = two independent x16 channels, each 16 banks in
// 4 bank groups, 2 KB rows, BL16 = 32 B. Clocking: commands run on CK (1.75 GHz), data on WCK at 8 bits
// per pin per CK; every timing here is in CK cycles (tCK = 0.571 ns), so a BL16 burst is 2 nCK, as in
// Ramulator 2. (DRAMSim3's GDDR6 counts 16 beats per cycle of its own clock instead.)
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';

const tCK = 1 / 1.75; // 1.75 GHz CK, 14 Gb/s per pin

export default registerPreset({
  name: 'GDDR6-14Gbps',
  standard: 'GDDR6',
  description: 'GDDR6 14 Gb/s, one 8Gb device = 2 x16 channels, 16 banks (4 BG) per channel, BL16 (1 GiB)',
  tCK_ns: tCK,
  dataRate: 14000,
  perBankRefresh: true, // JESD250 REFpb
  org: {
    channels: 2,
    ranks: 1,
    bankGroups: 4, // Ramulator 2 GDDR6_8Gb_x16: 4 BG x 4 banks, 16384 rows, 1024 columns of 16 bits
    banksPerGroup: 4,
    rows: 16384,
    columns: 1024,
    busWidth: 16,
    burstLength: 16,
    deviceWidth: 16,
  },
  timing: {
    // Ramulator 2 python/ramulator/dram/gddr6.py GDDR6_14000_1350mV_double (Samsung 8Gb GDDR6 datasheet)
    CL: 24,
    CWL: 6,
    BL: 2, // BL16 at 8 beats per CK
    RCD: 27,
    RCDWR: 16,
    RP: 27,
    RPab: 27,
    RAS: 53,
    RC: 80, // tRAS + tRP (Ramulator 2 lists nRC 79, one short of it)
    WR: 27,
    RTP: 4,
    CCD_S: 2,
    CCD_L: 4,
    RRD_S: 8,
    RRD_L: 8,
    WTR_S: 9,
    WTR_L: 11,
    FAW: 29,
    RFC: 211, // tRFCab
    REFI: 3333, // tREFI 1.9 us
    RFCpb: 106, // tRFCpb
    PBR2PBR: 15, // tRREFD: REFpb to REFpb of another bank
    PBR2ACT: 15, // tRREFD: REFpb to ACT of another bank
    RTRS: 1, // DRAMSim3 configs/GDDR6_8Gb_x16.ini tRTRS 1 (one rank: unused)
    PPD: 1,
  },
  power: {
    ...ZERO_POWER,
    // Estimate: DRAMSim3 configs/GDDR6_8Gb_x16.ini [power] (no datasheet named; taken per x16 channel), VDD 1.35 V
    vdd: 1.35,
    idd0: 71,
    idd2n: 60,
    idd3n: 61,
    idd4r: 248,
    idd4w: 231,
    idd5b: 286,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: [
    'JEDEC JESD250 (GDDR6): two x16 channels per device, 16 banks, bank groups, REFab/REFpb, CK/WCK clocking',
    'Ramulator 2 python/ramulator/dram/gddr6.py: GDDR6_8Gb_x16 organisation, GDDR6_14000_1350mV_double timings (Samsung 8Gb GDDR6)',
    'DRAMSim3 configs/GDDR6_8Gb_x16.ini (IDD values, tRTRS)',
  ],
});
