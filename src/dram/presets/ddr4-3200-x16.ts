// DDR4-3200 8Gb x16 (22-22-22): Micron MT40A512M16 -062E; 2 KB page, 2 bank groups.
import { registerPreset } from './registry.ts';
import { DDR4_CTRL, nck } from './ddr4.ts';
import { ZERO_POWER } from '../spec.ts';

const tCK = 1 / 1.6;

export default registerPreset({
  name: 'DDR4-3200-8Gb-x16',
  standard: 'DDR4',
  description: 'DDR4-3200 CL22, 8Gb x16 devices, 64-bit channel, 1 rank (4 GiB)',
  tCK_ns: tCK,
  dataRate: 3200,
  perBankRefresh: false,
  org: { channels: 1, ranks: 1, bankGroups: 2, banksPerGroup: 4, rows: 65536, columns: 1024, busWidth: 64, burstLength: 8, deviceWidth: 16 },
  timing: {
    CL: 22,
    RCD: 22,
    RP: 22,
    RPab: 22,
    RCDWR: 22, // DRAMSim3 DDR4_8Gb_x16_3200.ini
    CWL: 16,
    BL: 4,
    RAS: 52,
    RC: 74,
    WR: 24,
    RTP: 12,
    CCD_S: 4,
    CCD_L: 8,
    RRD_S: 9, // 2K page max(4nCK, 5.3 ns) -> 9 (DRAMSim3: 9)
    RRD_L: 11, // 2K page max(4nCK, 6.4 ns) -> 11 (DRAMSim3: 11)
    WTR_S: 4,
    WTR_L: 12,
    FAW: 48, // 2K page tFAW 30 ns -> 48 (DRAMSim3: 48)
    RFC: nck(350, tCK),
    REFI: nck(7800, tCK),
    RFCpb: 0,
    PBR2PBR: 0,
    PBR2ACT: 0,
    RTRS: 1,
    PPD: 0,
  },
  power: {
    ...ZERO_POWER,
    // DRAMSim3 configs/DDR4_8Gb_x16_3200.ini [power], mA per device
    vdd: 1.2,
    idd0: 95,
    idd2n: 37,
    idd3n: 56,
    idd4r: 302,
    idd4w: 278,
    idd5b: 280,
  },
  ctrl: { ...DDR4_CTRL },
  sources: ['JEDEC JESD79-4 (DDR4) speed bin 3200AA, 2 KB page', 'Micron MT40A512M16 datasheet, -062E', 'DRAMSim3 configs/DDR4_8Gb_x16_3200.ini'],
});
