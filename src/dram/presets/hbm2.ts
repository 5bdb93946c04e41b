// HBM2 at 2 Gb/s/pin (JESD235): one stack of 8 legacy-mode 128-bit channels, BL4 (64 B per access).
// Numbers as DRAMSim3 configs/HBM2_8Gb_x128.ini, the configuration DRAMSim3 validates against.
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';

export default registerPreset({
  name: 'HBM2-2Gbps',
  standard: 'HBM2',
  description: 'HBM2 2 Gb/s/pin, 8 x 128-bit channels (1024 bits), 16 banks per channel, BL4 (4 GiB)',
  tCK_ns: 1, // 1 GHz clock, DDR -> 2 Gb/s/pin
  dataRate: 2000,
  perBankRefresh: true, // JESD235 REFSB
  org: {
    channels: 8,
    ranks: 1,
    bankGroups: 4,
    banksPerGroup: 4, // DRAMSim3 HBM2_8Gb_x128: 4 BG x 4 banks
    rows: 32768,
    columns: 64, // DRAMSim3: rows 32768, columns 64 (x128) -> 1 KB rows
    busWidth: 128,
    burstLength: 4,
    deviceWidth: 128,
  },
  timing: {
    // DRAMSim3 configs/HBM2_8Gb_x128.ini [timing]
    CL: 14,
    CWL: 4,
    RCD: 14,
    RCDWR: 14,
    RP: 14,
    RPab: 14,
    RAS: 34,
    RC: 48,
    BL: 2, // BL4 on a DDR bus
    WR: 16,
    RTP: 4, // tRTP_S 4
    CCD_S: 1,
    CCD_L: 2, // raised to tBURST by the data bus
    RRD_S: 4,
    RRD_L: 6,
    WTR_S: 6,
    WTR_L: 8,
    FAW: 30,
    RFC: 260,
    REFI: 3900,
    RFCpb: 160, // JESD235 tRFCSB 160 ns (Ramulator 2 HBM2_2Gbps nRFCSB 160)
    PBR2PBR: 8, // tRREFD 8 ns (Ramulator 2: nRREFD 8)
    PBR2ACT: 7, // tRREFD - 1, Ramulator 2 HBM2.cpp (REFsb -> ACT of another bank)
    RTRS: 0,
    PPD: 0,
  },
  power: {
    ...ZERO_POWER,
    // DRAMSim3 configs/HBM2_8Gb_x128.ini [power], mA per 128-bit channel
    vdd: 1.2,
    idd0: 65,
    idd2n: 40,
    idd3n: 55,
    idd4r: 390,
    idd4w: 500,
    idd5b: 250,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: ['JEDEC JESD235 (HBM)', 'DRAMSim3 configs/HBM2_8Gb_x128.ini', 'Ramulator 2 src/dram/impl/HBM2.cpp (REFsb timings)'],
});
