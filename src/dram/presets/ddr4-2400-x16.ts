// DDR4-2400 8Gb x16 (17-17-17): Micron MT40A512M16 -083E. 4 devices form a 64-bit rank; 2 KB page per
// device, so the x16 part has 2 bank groups and the longer tRRD/tFAW of 2 KB pages.
import { registerPreset } from './registry.ts';
import { DDR4_CTRL, nck } from './ddr4.ts';
import { ZERO_POWER } from '../spec.ts';

const tCK = 1 / 1.2;

export default registerPreset({
  name: 'DDR4-2400-8Gb-x16',
  standard: 'DDR4',
  description: 'DDR4-2400 CL17, 8Gb x16 devices, 64-bit channel, 1 rank (4 GiB)',
  tCK_ns: tCK,
  dataRate: 2400,
  perBankRefresh: false,
  org: {
    channels: 1,
    ranks: 1,
    bankGroups: 2,
    banksPerGroup: 4, // JESD79-4 Table 2: 8Gb x16 = 2 BG x 4 banks
    rows: 65536,
    columns: 1024, // A0-A15 rows, A0-A9 columns; 2 KB page per device
    busWidth: 64,
    burstLength: 8,
    deviceWidth: 16,
  },
  timing: {
    CL: 17,
    RCD: 17,
    RP: 17,
    RPab: 17,
    RCDWR: 17, // DRAMSim3 DDR4_8Gb_x16_2400.ini CL/tRCD/tRP = 17 (Micron -083E)
    CWL: 12, // DRAMSim3 DDR4_8Gb_x16_2400.ini CWL = 12
    BL: 4,
    RAS: 39, // tRAS 32 ns (DRAMSim3: 39)
    RC: 56, // tRAS + tRP
    WR: 18, // tWR 15 ns (DRAMSim3: 18)
    RTP: 9, // DRAMSim3: tRTP = 9
    CCD_S: 4,
    CCD_L: 6, // DRAMSim3: 4 / 6
    RRD_S: 7, // tRRD_S(2K) max(4nCK, 5.3 ns) -> 7 (DRAMSim3: 7)
    RRD_L: 8, // tRRD_L(2K) max(4nCK, 6.4 ns) -> 8 (DRAMSim3: 8)
    WTR_S: 3,
    WTR_L: 9, // DRAMSim3: 3 / 9
    FAW: 36, // tFAW(2K) max(28nCK, 30 ns) -> 36 (DRAMSim3: 36)
    RFC: nck(350, tCK), // 8Gb tRFC1 350 ns -> 420
    REFI: nck(7800, tCK), // 9360 (DRAMSim3: 9360)
    RFCpb: 0,
    PBR2PBR: 0,
    PBR2ACT: 0,
    RTRS: 1, // DRAMSim3 DDR4_8Gb_x16_2400.ini tRTRS = 1
    PPD: 0,
  },
  power: {
    ...ZERO_POWER,
    // DRAMSim3 configs/DDR4_8Gb_x16_2400.ini [power], mA per device
    vdd: 1.2,
    idd0: 80,
    idd2n: 34,
    idd3n: 47,
    idd4r: 243,
    idd4w: 228,
    idd5b: 280,
  },
  ctrl: { ...DDR4_CTRL },
  sources: [
    'JEDEC JESD79-4 (DDR4) speed bins, 2 KB page tRRD/tFAW',
    'Micron MT40A512M16 8Gb DDR4 datasheet, -083E',
    'DRAMSim3 configs/DDR4_8Gb_x16_2400.ini (timing and IDD values)',
  ],
});
