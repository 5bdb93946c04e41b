// DDR5-4800 (speed bin DDR5-4800AN, 34-34-34), 16Gb x8 devices (JESD79-5). A DDR5 DIMM channel is two
// independent 32-bit subchannels with their own command buses, modelled as two channels of 32 bits:
// 4 x8 devices per subchannel, 1 KB page per device (4 KB rows), 8 bank groups x 4 banks, BL16 = 64 B.
// tCK is the 2400 MHz command clock; BL16 on a DDR bus is 8 nCK. The JEDEC power-up refresh mode
// (normal, REFab, tRFC1 every tREFI) is the default; refresh=samebank issues REFsb in fine-granularity
// mode (tRFCsb, tREFSBRD, every bank once per tREFI2 = tREFI / 2).
import { registerPreset } from './registry.ts';
import { DEFAULT_CONTROL, ZERO_POWER } from '../spec.ts';
import { nck } from './ddr4.ts';

const tCK = 1 / 2.4; // 2400 MHz clock, 4800 MT/s (0.4167 ns)

export default registerPreset({
  name: 'DDR5-4800-16Gb-x8',
  standard: 'DDR5',
  description: 'DDR5-4800AN 34-34-34, 16Gb x8, one DIMM channel = 2 x 32-bit subchannels, 1 rank, BL16 (16 GiB)',
  tCK_ns: tCK,
  dataRate: 4800,
  perBankRefresh: false, // DDR5 has REFab and REFsb, no per-bank refresh
  sameBankRefresh: true, // JESD79-5 REFsb
  org: {
    channels: 2, // two subchannels per DIMM channel
    ranks: 1,
    bankGroups: 8, // Ramulator 2 DDR5_16Gb_x8: 8 BG x 4 banks, 65536 rows, 1024 columns
    banksPerGroup: 4,
    rows: 65536,
    columns: 1024,
    busWidth: 32,
    burstLength: 16,
    deviceWidth: 8,
  },
  timing: {
    // Ramulator 2 src/dram/impl/DDR5.cpp DDR5_4800AN (commit b20a2d7) and JESD79-5 in ns, JEDEC rounding
    CL: 34,
    RCD: 34,
    RCDWR: 34,
    RP: 34,
    RPab: 34,
    CWL: 32, // CWL = CL - 2
    BL: 8, // BL16 on a DDR bus
    RAS: nck(32, tCK), // tRAS 32 ns -> 77
    RC: 111, // tRAS + tRP
    WR: nck(30, tCK), // tWR 30 ns -> 72
    RTP: nck(7.5, tCK), // tRTP 7.5 ns -> 18
    CCD_S: 8, // tCCD_S 8 nCK
    CCD_L: nck(5, tCK), // tCCD_L max(8 nCK, 5 ns) -> 12 (reads; tCCD_L_WR 20 ns is not modelled, docs/dram-presets.md)
    RRD_S: 8, // tRRD_S 8 nCK (x8)
    RRD_L: nck(5, tCK), // tRRD_L max(8 nCK, 5 ns) -> 12
    WTR_S: nck(2.5, tCK), // tWTR_S 2.5 ns -> 6
    WTR_L: nck(10, tCK), // tWTR_L 10 ns -> 24
    FAW: 32, // tFAW (1 KB page) max(32 nCK, 13.333 ns) -> 32
    RFC: nck(295, tCK), // tRFC1 16Gb 295 ns -> 708
    REFI: nck(3900, tCK), // tREFI 3.9 us (0-85 C) -> 9360
    RFCpb: nck(130, tCK), // tRFCsb 16Gb 130 ns -> 312
    PBR2PBR: nck(30, tCK), // REFsb to REFsb of another bank: taken as tREFSBRD (assumption, docs/dram-presets.md)
    PBR2ACT: nck(30, tCK), // tREFSBRD 30 ns -> 72
    RTRS: 2, // Ramulator 2 nCS 2
    PPD: 2, // tPPD 2 nCK
  },
  power: {
    ...ZERO_POWER,
    // Estimate: Ramulator 2 DDR5.cpp "Default" current preset (no datasheet named), mA per device, VDD 1.1 V;
    // VPP currents left out as for every preset. docs/dram-presets.md gives the error bound.
    vdd: 1.1,
    idd0: 60,
    idd2n: 50,
    idd3n: 55,
    idd4r: 145,
    idd4w: 145,
    idd5b: 362,
  },
  ctrl: { ...DEFAULT_CONTROL },
  sources: [
    'JEDEC JESD79-5 (DDR5): speed bin DDR5-4800AN, tRFC1/tRFCsb/tREFSBRD for 16Gb, tREFI 3.9 us, same-bank refresh (4.13)',
    'Ramulator 2 src/dram/impl/DDR5.cpp (commit b20a2d7): DDR5_16Gb_x8 organisation, DDR5_4800AN timings, tRFC/tRFCsb tables, Default currents',
    'Micron DDR5 SDRAM: New Features white paper (two 32-bit subchannels per DIMM, BL16, same-bank refresh)',
  ],
});
