// DDR4-2400 8Gb x8 (speed bin DDR4-2400T, CL-tRCD-tRP 17-17-17): Micron MT40A1G8 -083E.
// 8 devices form a 64-bit rank; 1 KB page per device, 8 KB per rank row.
import { registerPreset } from './registry.ts';
import { DDR4_CTRL, nck } from './ddr4.ts';
import { ZERO_POWER } from '../spec.ts';

const tCK = 1 / 1.2; // 1200 MHz clock, 2400 MT/s

export default registerPreset({
  name: 'DDR4-2400-8Gb-x8',
  standard: 'DDR4',
  description: 'DDR4-2400 CL17, 8Gb x8 devices, 64-bit channel, 1 rank (8 GiB)',
  tCK_ns: tCK,
  dataRate: 2400,
  perBankRefresh: false,
  org: {
    channels: 1,
    ranks: 1,
    bankGroups: 4,
    banksPerGroup: 4, // JESD79-4 Table 2: 8Gb x8 = 4 BG x 4 banks
    rows: 65536, // A0-A15, JESD79-4 Table 2 (8Gb x8)
    columns: 1024, // A0-A9
    busWidth: 64,
    burstLength: 8,
    deviceWidth: 8,
  },
  timing: {
    CL: 17,
    RCD: 17,
    RP: 17,
    RPab: 17,
    RCDWR: 17, // Micron MT40A1G8 datasheet, -083E: 17-17-17 (tAA = tRCD = tRP = 14.16 ns)
    CWL: 12, // JESD79-4 Table: CWL 12 is the 1st set for 2400 (Ramulator 2 DDR4_2400* nCWL = 12)
    BL: 4, // BL8 on a DDR bus
    RAS: nck(32, tCK), // tRAS min 32 ns (JESD79-4 speed bin) -> 39
    RC: 17 + nck(32, tCK), // tRC = tRAS + tRP = 56 (Ramulator 2 DDR4_2400U: nRC 56)
    WR: nck(15, tCK), // tWR 15 ns -> 18
    RTP: 9, // tRTP max(4nCK, 7.5 ns) -> 9
    CCD_S: 4, // tCCD_S 4 nCK
    CCD_L: 6, // tCCD_L max(5nCK, 5 ns) -> 6
    RRD_S: 4, // tRRD_S(1K) max(4nCK, 3.3 ns) -> 4
    RRD_L: 6, // tRRD_L(1K) max(4nCK, 4.9 ns) -> 6
    WTR_S: 3, // tWTR_S max(2nCK, 2.5 ns) -> 3
    WTR_L: 9, // tWTR_L max(4nCK, 7.5 ns) -> 9
    FAW: 26, // tFAW(1K) max(20nCK, 21 ns) -> 26 (DRAMSim3 DDR4_8Gb_x8_2400.ini tFAW = 26)
    RFC: nck(350, tCK), // tRFC1 8Gb = 350 ns -> 420 (DRAMSim3: tRFC = 420)
    REFI: nck(7800, tCK), // tREFI 7.8 us -> 9360
    RFCpb: 0,
    PBR2PBR: 0,
    PBR2ACT: 0,
    RTRS: 2, // DRAMSim3 DDR4_8Gb_x8_2400.ini tRTRS = 2
    PPD: 0,
  },
  power: {
    ...ZERO_POWER,
    // DRAMSim3 configs/DDR4_8Gb_x8_2400.ini [power] (Micron MT40A1G8PM-083E), mA per device
    vdd: 1.2,
    idd0: 48,
    idd2n: 34,
    idd3n: 43,
    idd4r: 135,
    idd4w: 123,
    idd5b: 250,
  },
  ctrl: { ...DDR4_CTRL },
  sources: [
    'JEDEC JESD79-4 (DDR4) speed bins and Table 2 addressing',
    'Micron MT40A1G8 8Gb DDR4 datasheet, -083E (DDR4-2400 17-17-17)',
    'DRAMSim3 configs/DDR4_8Gb_x8_2400.ini (IDD values, tFAW, tRFC)',
    'Ramulator 2 src/dram/impl/DDR4.cpp DDR4_2400U (17-17-17) and nRRD/nFAW tables',
  ],
});
