// DDR3-1600 4Gb x8 (speed bin DDR3-1600K, CL-tRCD-tRP 11-11-11): Micron MT41K512M8 -125, the memory
// of many published accelerators (e.g. Eyeriss's and DianNao-era evaluations). 8 devices form a 64-bit
// rank; 1 KB page per device, 8 KB per rank row; 8 banks, no bank groups (JESD79-3F).
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';
import { nck } from './ddr4.ts';

const tCK = 1.25; // 800 MHz clock, 1600 MT/s

export default registerPreset({
  name: 'DDR3-1600-4Gb-x8',
  standard: 'DDR3',
  description: 'DDR3-1600 CL11, 4Gb x8 devices, 64-bit channel, 1 rank (4 GiB)',
  tCK_ns: tCK,
  dataRate: 1600,
  perBankRefresh: false,
  org: {
    channels: 1,
    ranks: 1,
    bankGroups: 1, // DDR3 has no bank groups
    banksPerGroup: 8, // BA0-BA2
    rows: 65536, // A0-A15 (4Gb x8)
    columns: 1024, // A0-A9
    busWidth: 64,
    burstLength: 8,
    deviceWidth: 8,
  },
  timing: {
    CL: 11,
    RCD: 11,
    RP: 11,
    RPab: 11,
    RCDWR: 11, // 11-11-11: tAA = tRCD = tRP = 13.75 ns
    CWL: 8, // JESD79-3F: CWL 8 for tCK 1.25 ns
    BL: 4, // BL8 on a DDR bus
    RAS: nck(35, tCK), // tRAS 35 ns -> 28
    RC: nck(48.75, tCK), // tRC 48.75 ns -> 39 (= tRAS + tRP)
    WR: nck(15, tCK), // tWR 15 ns -> 12
    RTP: 6, // tRTP max(4nCK, 7.5 ns) -> 6
    CCD_S: 4, // tCCD 4 nCK (one bank group: short = long)
    CCD_L: 4,
    RRD_S: 5, // tRRD (1 KB page) max(4nCK, 6 ns) -> 5
    RRD_L: 5,
    WTR_S: 6, // tWTR max(4nCK, 7.5 ns) -> 6
    WTR_L: 6,
    FAW: nck(30, tCK), // tFAW (1 KB page) 30 ns -> 24
    RFC: nck(260, tCK), // tRFC 4Gb = 260 ns -> 208
    REFI: nck(7800, tCK), // tREFI 7.8 us -> 6240
    RFCpb: 0,
    PBR2PBR: 0,
    PBR2ACT: 0,
    RTRS: 1, // DRAMSim3 DDR3_4Gb_x8_1600.ini tRTRS = 1
    PPD: 0,
  },
  power: {
    ...ZERO_POWER,
    // DRAMSim3 configs/DDR3_4Gb_x8_1600.ini [power] (Micron MT41K512M8 at VDD 1.35 V), mA per device
    vdd: 1.35,
    idd0: 55,
    idd2n: 32,
    idd3n: 38,
    idd4r: 157,
    idd4w: 125,
    idd5b: 235,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: [
    'JEDEC JESD79-3F (DDR3) speed bin DDR3-1600K 11-11-11, addressing, tRRD/tFAW for 1 KB page',
    'Micron MT41K512M8 4Gb DDR3L datasheet, -125 (DDR3-1600)',
    'DRAMSim3 configs/DDR3_4Gb_x8_1600.ini (IDD values at 1.35 V, tRFC 208, tRTRS 1)',
  ],
});
