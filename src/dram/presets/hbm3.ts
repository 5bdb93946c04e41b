// HBM3 at 6.4 Gb/s/pin (JESD238): one 16-channel stack in pseudo-channel mode = 32 x 32-bit pseudo
// channels, BL8 (32 B per access). Timing from Ramulator 2's HBM3_6.4Gbps preset, which takes the ns
// values of DRAMSim3's HBM2 config and re-expresses them at a 1.6 GHz command clock.
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';

export default registerPreset({
  name: 'HBM3-6.4Gbps',
  standard: 'HBM3',
  description: 'HBM3 6.4 Gb/s/pin, 32 x 32-bit pseudo channels (1024 bits), 16 banks each, BL8 (16 GiB)',
  tCK_ns: 0.625, // Ramulator 2: tCK_ps = 1e6 / (6400 / 4)
  dataRate: 6400,
  perBankRefresh: true, // JESD238 REFsb
  org: {
    channels: 32,
    ranks: 1,
    bankGroups: 4,
    banksPerGroup: 4, // Ramulator 2 HBM3_8Gb_1R: 4 BG x 4 banks, 32768 rows
    rows: 32768,
    columns: 256, // 1 KB rows: 256 x 32 bits
    busWidth: 32,
    burstLength: 8,
    deviceWidth: 32,
  },
  timing: {
    // Ramulator 2 src/dram/impl/HBM3.cpp HBM3_6.4Gbps
    BL: 2,
    CL: 23,
    RCD: 23,
    RCDWR: 23,
    RP: 23,
    RPab: 23,
    RAS: 55,
    RC: 77,
    WR: 26,
    RTP: 7,
    CWL: 7,
    CCD_S: 2,
    CCD_L: 4,
    RRD_S: 2,
    RRD_L: 4,
    WTR_S: 10,
    WTR_L: 13,
    FAW: 48,
    RFC: 560, // tRFC 350 ns (8Gb, Ramulator 2 tRFC_TABLE) -> 560
    REFI: 6240, // Ramulator 2: nREFI 6240 (3.9 us)
    RFCpb: 256, // tRFCsb 160 ns (JESD235 value kept by Ramulator 2's HBM tables) -> 256
    PBR2PBR: 13, // Ramulator 2: nRREFD 13
    PBR2ACT: 12, // nRREFD - 1 (Ramulator 2 HBM3.cpp)
    RTRS: 0,
    PPD: 0,
  },
  power: {
    ...ZERO_POWER,
    // No public IDD set; estimate ~3.5 pJ/bit access+I/O and ~0.9 nJ per 1 KB row ACT+PRE, below the
    // ~3.9 pJ/bit of HBM2 reported in O'Connor et al., "Fine-Grained DRAM", MICRO 2017. Assumption.
    actPJ: 900,
    rdPJ: 3.5 * 256,
    wrPJ: 3.5 * 256,
    refPJ: 30000,
    bgMW: 15,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: ['JEDEC JESD238 (HBM3)', 'Ramulator 2 src/dram/impl/HBM3.cpp HBM3_6.4Gbps / HBM3_8Gb_1R'],
});
