// HBM2E at 3.2 Gb/s/pin (JESD235C/D), as Samsung's Flashbolt (16 GB: eight 16 Gb dies, 410 GB/s per
// stack) and SK hynix's HBM2E (16 GB, up to 3.6 Gb/s): 8 channels x 2 x 64-bit pseudo channels, 16 banks
// and 1 KB rows each, 1 GiB per pseudo channel (AMD PG313: 8 Gb per pseudo channel in a 16 GB stack).
// No public datasheet gives HBM2E cycle timings: they are Ramulator 2.1's HBM2 nanosecond values
// re-expressed at the 1.6 GHz clock (rounded up), the same method Ramulator 2 uses for its HBM3 preset.
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';

export default registerPreset({
  name: 'HBM2E-3.2Gbps',
  standard: 'HBM2E',
  description: 'HBM2E 3.2 Gb/s/pin, 8 channels x 2 x 64-bit pseudo channels, 16 banks each, 1 KB rows, BL4 (16 GiB)',
  tCK_ns: 0.625, // 1.6 GHz clock, DDR -> 3.2 Gb/s/pin
  dataRate: 3200,
  perBankRefresh: true, // REFSB
  org: {
    channels: 16, // pseudo channels: 8 channels x 2
    ranks: 1,
    bankGroups: 4,
    banksPerGroup: 4,
    rows: 65536, // Ramulator 2.1 HBM2_8Gb: 65536 rows; 16 x 16 x 65536 x 1 KB = 16 GiB
    columns: 128,
    busWidth: 64,
    burstLength: 4,
    deviceWidth: 64,
    pseudoChannels: 2,
    commandBuses: 'row-column',
    actCycles: 2,
  },
  timing: {
    // ns from Ramulator 2.1 hbm2.py (HBM2_2000Mbps, tCK 1 ns) / 0.625 ns, rounded up: estimates
    CL: 23, // 14 ns
    CWL: 8, // 5 ns
    RCD: 23, // 14 ns
    RCDWR: 20, // 12 ns
    RP: 23, // 14 ns
    RPab: 23,
    RAS: 55, // 34 ns
    RC: 78, // tRAS + tRP (48 ns would round to 77)
    BL: 2, // BL4 on a DDR bus
    WR: 26, // 16 ns
    RTP: 8, // 5 ns
    CCD_S: 2, // nCK, as Ramulator 2.1 keeps at every HBM2 rate
    CCD_L: 4,
    RRD_S: 7, // 4 ns
    RRD_L: 7, // 4 ns
    WTR_S: 10, // 6 ns
    WTR_L: 13, // 8 ns
    FAW: 24, // 15 ns
    RFC: 560, // 350 ns for an 8 Gb pseudo channel (Ramulator 2.1 tRFC table)
    REFI: 6240, // 3.9 us
    RFCpb: 256, // tRFCSB 160 ns
    PBR2PBR: 13, // tRREFD 8 ns
    PBR2ACT: 13,
    RTRS: 0,
    PPD: 0,
  },
  power: {
    ...ZERO_POWER,
    // Estimate: no public HBM2E IDD table. HBM2-PC-2Gbps's per-pseudo-channel currents (DRAMSim3's HBM2
    // IDD halved), with the burst currents scaled by the data rate (3.2 / 2) as the same bursts take
    // 0.625 of the time; VDD 1.2 V as HBM2.
    vdd: 1.2,
    idd0: 32.5,
    idd2n: 20,
    idd3n: 27.5,
    idd4r: 312,
    idd4w: 400,
    idd5b: 125,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: [
    'JEDEC JESD235C/D (HBM2E): pseudo-channel mode, row/column command buses, BL4',
    'Samsung Flashbolt HBM2E announcement (16 GB, 8 x 16 Gb dies, 3.2 Gb/s, 410 GB/s per stack), eeNews Europe 2020',
    'SK hynix HBM2E announcement (16 GB, 8 x 16 Gb, 3.6 Gb/s, 460 GB/s), Hexus / Hot Hardware 2019',
    'AMD PG313 HBM topology (16 GB stack: 8 Gb per pseudo channel)',
    'Ramulator 2.1 python/ramulator/dram/hbm2.py (ns values, tRFC table, two-cycle ACT); cycles are estimates',
    'IDD: estimate from DRAMSim3 configs/HBM2_8Gb_x128.ini',
  ],
});
