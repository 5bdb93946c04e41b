// A DRAM configuration: organization, JEDEC timing (in memory-clock cycles, nCK), energy inputs and
// controller policy. Presets fill one in; `--set key=value` overrides any field by its bare name
// (overrides.ts).

export interface DramOrg {
  channels: number;
  ranks: number;
  bankGroups: number;
  banksPerGroup: number;
  rows: number;
  /** Columns per row, in units of the channel's data width (so a row holds columns * busWidth/8 bytes). */
  columns: number;
  /** Data bits per channel (the width of one request's data path). */
  busWidth: number;
  /** Beats per burst; one request moves busWidth/8 * burstLength bytes. */
  burstLength: number;
  /** Bits per device; devices per rank = busWidth / deviceWidth (energy scales with it). */
  deviceWidth: number;
  /**
   * Channels that share one set of command pins (HBM pseudo channels: 2; default 1). Each still has its
   * own banks, queues and data bus, and `channels` counts them all.
   */
  pseudoChannels?: number;
  /** `row-column`: HBM's separate row (ACT, PRE, REF) and column (RD, WR) command buses; default `shared`. */
  commandBuses?: CommandBuses;
  /** Command-bus cycles an ACT occupies (HBM: 2, its timings counted from the last); default 1. */
  actCycles?: number;
}

export const COMMAND_BUSES = ['shared', 'row-column'] as const;
/** `shared`: one command per channel per cycle; `row-column`: one row and one column command per cycle. */
export type CommandBuses = (typeof COMMAND_BUSES)[number];

/** All in nCK of the command clock (tCK_ns). */
export interface DramTiming {
  CL: number;
  CWL: number;
  /** Data-bus cycles of one burst (tBURST). */
  BL: number;
  RCD: number;
  /** ACT to WR (HBM has a separate tRCDWR; equals RCD elsewhere). */
  RCDWR: number;
  /** Per-bank precharge. */
  RP: number;
  /** All-bank precharge (LPDDR tRPab; equals RP elsewhere). */
  RPab: number;
  RAS: number;
  RC: number;
  WR: number;
  RTP: number;
  CCD_S: number;
  CCD_L: number;
  RRD_S: number;
  RRD_L: number;
  WTR_S: number;
  WTR_L: number;
  FAW: number;
  RFC: number;
  REFI: number;
  /** Per-bank refresh cycle time (DDR5: same-bank refresh tRFCsb); 0 where the standard has neither. */
  RFCpb: number;
  /** Per-bank refresh to per-bank refresh of other banks (DDR5: REFsb to REFsb). */
  PBR2PBR: number;
  /** Per-bank refresh to ACT of another bank (DDR5: tREFSBRD). */
  PBR2ACT: number;
  /** Rank-to-rank switch on the shared data bus. */
  RTRS: number;
  /** PRE to PRE (LPDDR tPPD); 0 if unconstrained. */
  PPD: number;
}

/**
 * Energy inputs, Micron power-calculator method (TN-41-01): currents in mA per device, voltages in V.
 * VPP (activation pump) current is left out, as in DRAMSim3. Where no datasheet gives currents, the per-bit/per-command figures (pJ) are used instead (idd0 = 0).
 */
export interface DramPower {
  vdd: number;
  idd0: number;
  idd2n: number;
  idd3n: number;
  idd4r: number;
  idd4w: number;
  idd5b: number;
  /** Per-command energy (pJ per channel-wide command) for presets without IDD data. */
  actPJ: number;
  rdPJ: number;
  wrPJ: number;
  refPJ: number;
  /** Background power per channel (mW) for presets without IDD data. */
  bgMW: number;
  /** I/O + termination energy per bit moved (pJ/bit). */
  ioPJPerBit: number;
}

export type PagePolicy = 'open' | 'closed';
/**
 * `samebank` is DDR5's REFsb (JESD79-5 4.13): one command refreshes the same bank index in every bank
 * group; allowed only in fine-granularity refresh mode, so every bank is owed one REFsb per tREFI2 = tREFI / 2.
 */
export type RefreshPolicy = 'allbank' | 'perbank' | 'samebank' | 'none';
/**
 * How requests enter the controller: `unlimited` admits every arrived request the queues have room for
 * in the same cycle (the default, as an accelerator's DMA engines issue); `one-per-cycle` admits at most
 * one per memory cycle, as DRAMSim3's and Ramulator's front ends do.
 */
export const FRONTENDS = ['unlimited', 'one-per-cycle'] as const;
export type Frontend = (typeof FRONTENDS)[number];

export interface DramControl {
  scheduler: string;
  pagePolicy: PagePolicy;
  refresh: RefreshPolicy;
  mapping: string;
  frontend: Frontend;
  readQueue: number;
  writeQueue: number;
  /** Enter write drain when the write queue is fuller than this fraction (or no reads wait). */
  wrHigh: number;
  /** Leave write drain when below this fraction and reads wait. */
  wrLow: number;
}

export interface DramSpec {
  name: string;
  standard: 'DDR3' | 'DDR4' | 'DDR5' | 'LPDDR4' | 'LPDDR5' | 'LPDDR5X' | 'GDDR6' | 'HBM2' | 'HBM2E' | 'HBM3';
  description: string;
  tCK_ns: number;
  /** Transfers per second per pin, MT/s. */
  dataRate: number;
  perBankRefresh: boolean;
  /** The standard has same-bank refresh (DDR5 REFsb), with tRFCsb in RFCpb and tREFSBRD in PBR2ACT. */
  sameBankRefresh?: boolean;
  org: DramOrg;
  timing: DramTiming;
  power: DramPower;
  ctrl: DramControl;
  /** Where the numbers come from. */
  sources: string[];
}

export const ZERO_POWER: DramPower = {
  vdd: 0,
  idd0: 0,
  idd2n: 0,
  idd3n: 0,
  idd4r: 0,
  idd4w: 0,
  idd5b: 0,
  actPJ: 0,
  rdPJ: 0,
  wrPJ: 0,
  refPJ: 0,
  bgMW: 0,
  ioPJPerBit: 0,
};

export const DEFAULT_CONTROL: DramControl = {
  scheduler: 'fr-fcfs',
  pagePolicy: 'open',
  refresh: 'allbank',
  mapping: 'RoBaRaCoCh',
  frontend: 'unlimited',
  readQueue: 32,
  writeQueue: 32,
  wrHigh: 0.8,
  wrLow: 0.2,
};

/** The command interface of a channel, with the defaults of an organisation that does not say. */
export interface CommandInterface {
  pseudoChannels: number;
  rowColumn: boolean;
  actCycles: number;
}
export function commandInterface(o: DramOrg): CommandInterface {
  return { pseudoChannels: o.pseudoChannels ?? 1, rowColumn: o.commandBuses === 'row-column', actCycles: o.actCycles ?? 1 };
}

export function burstBytes(spec: DramSpec): number {
  return (spec.org.busWidth / 8) * spec.org.burstLength;
}
export function rowBytes(spec: DramSpec): number {
  return (spec.org.columns * spec.org.busWidth) / 8;
}
export function capacityBytes(spec: DramSpec): number {
  const o = spec.org;
  return o.channels * o.ranks * o.bankGroups * o.banksPerGroup * o.rows * rowBytes(spec);
}
/** Peak data bandwidth, bytes per ns (= GB/s): every channel's data bus busy every cycle. */
export function peakBytesPerNs(spec: DramSpec): number {
  return (spec.org.channels * burstBytes(spec)) / (spec.timing.BL * spec.tCK_ns);
}
