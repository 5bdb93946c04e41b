// DDR4-3200 8Gb x8 (speed bin DDR4-3200AA, 22-22-22): Micron MT40A1G8 -062E.
import { registerPreset } from './registry.ts';
import { DDR4_CTRL, nck } from './ddr4.ts';
import { ZERO_POWER } from '../spec.ts';

const tCK = 1 / 1.6; // 1600 MHz clock

export default registerPreset({
  name: 'DDR4-3200-8Gb-x8',
  standard: 'DDR4',
  description: 'DDR4-3200 CL22, 8Gb x8 devices, 64-bit channel, 1 rank (8 GiB)',
  tCK_ns: tCK,
  dataRate: 3200,
  perBankRefresh: false,
  org: { channels: 1, ranks: 1, bankGroups: 4, banksPerGroup: 4, rows: 65536, columns: 1024, busWidth: 64, burstLength: 8, deviceWidth: 8 },
  timing: {
    CL: 22,
    RCD: 22,
    RP: 22,
    RPab: 22,
    RCDWR: 22, // Micron -062E 22-22-22 (DRAMSim3 DDR4_8Gb_x8_3200.ini)
    CWL: 16, // DRAMSim3: CWL = 16 (Ramulator 2 DDR4_3200*: nCWL 16)
    BL: 4,
    RAS: 52, // tRAS 32 ns -> 52 (DRAMSim3: 52)
    RC: 74, // tRAS + tRP (Ramulator 2 DDR4_3200AA nRC 74)
    WR: 24, // tWR 15 ns -> 24
    RTP: 12, // max(4nCK, 7.5 ns) -> 12
    CCD_S: 4,
    CCD_L: 8, // tCCD_L max(5nCK, 5 ns) -> 8
    RRD_S: 4,
    RRD_L: 8, // 1K page: max(4nCK, 2.5 ns) / max(4nCK, 4.9 ns) (DRAMSim3: 4 / 8)
    WTR_S: 4,
    WTR_L: 12, // max(2nCK, 2.5 ns) / max(4nCK, 7.5 ns)
    FAW: 34, // 1K page tFAW 21 ns -> 34 (DRAMSim3: 34)
    RFC: nck(350, tCK), // 560
    REFI: nck(7800, tCK), // 12480
    RFCpb: 0,
    PBR2PBR: 0,
    PBR2ACT: 0,
    RTRS: 1, // DRAMSim3 DDR4_8Gb_x8_3200.ini tRTRS = 1
    PPD: 0,
  },
  power: {
    ...ZERO_POWER,
    // DRAMSim3 configs/DDR4_8Gb_x8_3200.ini [power], mA per device
    vdd: 1.2,
    idd0: 57,
    idd2n: 37,
    idd3n: 52,
    idd4r: 168,
    idd4w: 150,
    idd5b: 250,
  },
  ctrl: { ...DDR4_CTRL },
  sources: ['JEDEC JESD79-4 (DDR4) speed bin 3200AA', 'Micron MT40A1G8 datasheet, -062E', 'DRAMSim3 configs/DDR4_8Gb_x8_3200.ini'],
});
