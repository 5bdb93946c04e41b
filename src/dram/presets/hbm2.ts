// HBM2 at 2 Gb/s/pin (JESD235) in legacy mode: one 8-high stack of 8 independent 128-bit channels, BL4
// (64 B per access). Organisation and timing as DRAMSim3 configs/HBM2_8Gb_x128.ini, the configuration
// DRAMSim3 validates against: its 64 "columns" are HBM columns of 2 x 128 bits (DRAMSim3 doubles HBM
// columns for the 2n prefetch), so a row holds 2 KB and a channel 1 GiB. Each channel has separate row
// and column command buses (JESD235; DRAMSim3 hbm_dual_cmd) and an ACT takes two row-bus cycles.
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';

export default registerPreset({
  name: 'HBM2-2Gbps',
  standard: 'HBM2',
  description: 'HBM2 2 Gb/s/pin legacy mode, 8 x 128-bit channels (1024 bits), 16 banks per channel, 2 KB rows, BL4 (8 GiB)',
  tCK_ns: 1, // 1 GHz clock, DDR -> 2 Gb/s/pin
  dataRate: 2000,
  perBankRefresh: true, // JESD235 REFSB
  org: {
    channels: 8,
    ranks: 1,
    bankGroups: 4,
    banksPerGroup: 4, // DRAMSim3 HBM2_8Gb_x128: 4 BG x 4 banks
    rows: 32768,
    columns: 128, // DRAMSim3: columns 64 x 2 (prefetch) of 128 bits -> 2 KB rows; 8 x 16 x 32768 x 2 KB = 8 GiB
    busWidth: 128,
    burstLength: 4,
    deviceWidth: 128,
    pseudoChannels: 1, // legacy mode: the channel is not split
    commandBuses: 'row-column', // JESD235: row (R[5:0]) and column (C[7:0]) command pins per channel
    actCycles: 2, // JESD235: ACT is sent over two clock cycles of the row bus
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
    PBR2ACT: 8, // tRREFD to the ACT's last cycle (Ramulator 2.0: nRREFD - 1 to its first)
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
  sources: [
    'JEDEC JESD235 (HBM): legacy mode, separate row/column command buses, two-cycle ACT',
    'DRAMSim3 configs/HBM2_8Gb_x128.ini (organisation, timing, IDD; hbm_dual_cmd)',
    'Ramulator 2 src/dram/impl/HBM2.cpp (REFsb timings, two-cycle ACT)',
  ],
});
