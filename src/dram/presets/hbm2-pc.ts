// HBM2 at 2 Gb/s/pin (JESD235) in pseudo-channel mode: the same 8 GiB stack as HBM2-2Gbps, each 128-bit
// channel split into two 64-bit pseudo channels that share the channel's row and column command buses
// but have their own 16 banks, 1 KB rows and data bus; BL4 moves 32 B. Organisation as Ramulator 2.0's
// HBM2_8Gb (2 pseudo channels x 4 x 4 banks x 32768 rows per channel), timing as Ramulator 2.1's
// HBM2_2000Mbps with its JEDEC-table secondary timings (tRFC 260 ns for a 4 Gb pseudo channel).
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';

export default registerPreset({
  name: 'HBM2-PC-2Gbps',
  standard: 'HBM2',
  description: 'HBM2 2 Gb/s/pin pseudo-channel mode, 8 channels x 2 x 64-bit pseudo channels, 16 banks each, 1 KB rows, BL4 (8 GiB)',
  tCK_ns: 1,
  dataRate: 2000,
  perBankRefresh: true, // JESD235 REFSB
  org: {
    channels: 16, // pseudo channels: 8 channels x 2
    ranks: 1,
    bankGroups: 4,
    banksPerGroup: 4,
    rows: 32768,
    columns: 128, // 128 x 64 bits = 1 KB rows; 16 x 16 x 32768 x 1 KB = 8 GiB
    busWidth: 64,
    burstLength: 4,
    deviceWidth: 64,
    pseudoChannels: 2,
    commandBuses: 'row-column',
    actCycles: 2, // Ramulator 2.1 hbm2.py command_cycles ACT: 2
  },
  timing: {
    // Ramulator 2.1 python/ramulator/dram/hbm2.py HBM2_2000Mbps (tCK 1000 ps) and resolve_secondary_timings
    CL: 14,
    CWL: 5,
    RCD: 14,
    RCDWR: 12,
    RP: 14,
    RPab: 14,
    RAS: 34,
    RC: 48,
    BL: 2, // BL4 on a DDR bus
    WR: 16,
    RTP: 5, // nRTPL
    CCD_S: 2,
    CCD_L: 4,
    RRD_S: 4, // tRRDS 4 ns
    RRD_L: 4, // tRRDL 4 ns
    WTR_S: 6,
    WTR_L: 8,
    FAW: 15, // 15 ns
    RFC: 260, // 4 Gb per pseudo channel
    REFI: 3900,
    RFCpb: 160, // tRFCSB
    PBR2PBR: 8, // tRREFD 8 ns
    PBR2ACT: 8,
    RTRS: 0,
    PPD: 0,
  },
  power: {
    ...ZERO_POWER,
    // Estimate: DRAMSim3 HBM2_8Gb_x128.ini's per-channel IDD halved per pseudo channel (half the page
    // per ACT, half the data per burst, half the banks' background). No public per-pseudo-channel IDD.
    vdd: 1.2,
    idd0: 32.5,
    idd2n: 20,
    idd3n: 27.5,
    idd4r: 195,
    idd4w: 250,
    idd5b: 125,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: [
    'JEDEC JESD235 (HBM): pseudo-channel mode, shared row/column command buses, BL4',
    'Ramulator 2.0 src/dram/impl/HBM2.cpp HBM2_8Gb (organisation)',
    'Ramulator 2.1 python/ramulator/dram/hbm2.py HBM2_2000Mbps (timing, two-cycle ACT)',
    'AMD PG313 HBM topology: pseudo channels of 64 bits with a shared command/address bus, BL4',
    'IDD: estimate from DRAMSim3 configs/HBM2_8Gb_x128.ini',
  ],
});
