// JEDEC timing constraints as a table: "after command A at some node, command B at a node in scope S
// may not issue for L cycles". Scopes: same bank, same bank group, same rank, other rank of the same
// channel (shared data bus). The controller applies the table when a command issues; the checker
// derives its rules from the spec on its own, so a mistake here is not repeated there.
import { ACT, PRE, PREA, RD, WR, RDA, WRA, REF, REFPB, REFSB, NCMD } from './commands.ts';
import type { DramTiming } from './spec.ts';

export const SCOPE_BANK = 0;
export const SCOPE_BG = 1;
export const SCOPE_RANK = 2;
export const SCOPE_OTHER_RANK = 3;
export const NSCOPE = 4;

export interface Constraint {
  scope: number;
  from: number[];
  to: number[];
  lat: number;
}

/**
 * The constraints of DDR3/4/5, LPDDR4/5/5X, GDDR6 and HBM2/3 in one parametrised list (JESD79-3/4/5,
 * 209-4/5, 250, 235, 238). A same-bank refresh (REFsb) covers one bank in every bank group: its "same
 * bank" rows bind each of those banks (the refresh applies them to all of them, refresh.ts).
 */
export function constraints(t: DramTiming): Constraint[] {
  const RDs = [RD, RDA];
  const WRs = [WR, WRA];
  const rdToWr = t.CL + t.BL + 2 - t.CWL; // RL + BL/2 + 2 - WL (one-cycle write preamble + turnaround)
  const wrRecovery = t.CWL + t.BL + t.WR; // end of write data + tWR
  const ccdS = Math.max(t.CCD_S, t.BL); // the data bus cannot carry two bursts at once
  const ccdL = Math.max(t.CCD_L, ccdS);
  const list: Constraint[] = [
    // same bank: the row cycle
    { scope: SCOPE_BANK, from: [ACT], to: [ACT], lat: t.RC },
    { scope: SCOPE_BANK, from: [ACT], to: RDs, lat: t.RCD },
    { scope: SCOPE_BANK, from: [ACT], to: WRs, lat: t.RCDWR },
    { scope: SCOPE_BANK, from: [ACT], to: [PRE], lat: t.RAS },
    { scope: SCOPE_BANK, from: [PRE], to: [ACT], lat: t.RP },
    { scope: SCOPE_BANK, from: [RD], to: [PRE], lat: t.RTP },
    { scope: SCOPE_BANK, from: [WR], to: [PRE], lat: wrRecovery },
    { scope: SCOPE_BANK, from: [RDA], to: [ACT], lat: t.RTP + t.RP },
    { scope: SCOPE_BANK, from: [WRA], to: [ACT], lat: wrRecovery + t.RP },
    // same bank group
    { scope: SCOPE_BG, from: RDs, to: RDs, lat: ccdL },
    { scope: SCOPE_BG, from: WRs, to: WRs, lat: ccdL },
    { scope: SCOPE_BG, from: WRs, to: RDs, lat: t.CWL + t.BL + t.WTR_L },
    { scope: SCOPE_BG, from: [ACT], to: [ACT], lat: t.RRD_L },
    // same rank
    { scope: SCOPE_RANK, from: RDs, to: RDs, lat: ccdS },
    { scope: SCOPE_RANK, from: WRs, to: WRs, lat: ccdS },
    { scope: SCOPE_RANK, from: RDs, to: WRs, lat: rdToWr },
    { scope: SCOPE_RANK, from: WRs, to: RDs, lat: t.CWL + t.BL + t.WTR_S },
    { scope: SCOPE_RANK, from: [ACT], to: [ACT], lat: t.RRD_S },
    { scope: SCOPE_RANK, from: [RD], to: [PREA], lat: t.RTP },
    { scope: SCOPE_RANK, from: [WR], to: [PREA], lat: wrRecovery },
    { scope: SCOPE_RANK, from: [ACT], to: [PREA], lat: t.RAS },
    { scope: SCOPE_RANK, from: [PREA], to: [ACT, REF, REFPB, REFSB], lat: t.RPab },
    { scope: SCOPE_RANK, from: [PRE], to: [REF], lat: t.RP },
    { scope: SCOPE_RANK, from: [RDA], to: [REF], lat: t.RTP + t.RP },
    { scope: SCOPE_RANK, from: [WRA], to: [REF], lat: wrRecovery + t.RP },
    { scope: SCOPE_RANK, from: [ACT], to: [REF], lat: t.RC },
    { scope: SCOPE_RANK, from: [REF], to: [ACT, REF, REFPB, REFSB], lat: t.RFC },
    { scope: SCOPE_RANK, from: [PRE], to: [PRE], lat: t.PPD },
    // other rank on the same channel: the data bus changes driver
    { scope: SCOPE_OTHER_RANK, from: RDs, to: RDs, lat: t.BL + t.RTRS },
    { scope: SCOPE_OTHER_RANK, from: WRs, to: WRs, lat: t.BL + t.RTRS },
    { scope: SCOPE_OTHER_RANK, from: RDs, to: WRs, lat: t.CL + t.BL + t.RTRS - t.CWL },
    { scope: SCOPE_OTHER_RANK, from: WRs, to: RDs, lat: t.CWL + t.BL + t.RTRS - t.CL },
  ];
  if (t.RFCpb > 0) {
    list.push(
      { scope: SCOPE_BANK, from: [ACT], to: [REFPB], lat: t.RC },
      { scope: SCOPE_BANK, from: [PRE], to: [REFPB], lat: t.RP },
      { scope: SCOPE_BANK, from: [RDA], to: [REFPB], lat: t.RTP + t.RP },
      { scope: SCOPE_BANK, from: [WRA], to: [REFPB], lat: wrRecovery + t.RP },
      { scope: SCOPE_BANK, from: [REFPB], to: [ACT, REFPB], lat: t.RFCpb },
      { scope: SCOPE_RANK, from: [REFPB], to: [REFPB], lat: t.PBR2PBR },
      { scope: SCOPE_RANK, from: [REFPB], to: [ACT], lat: t.PBR2ACT },
      { scope: SCOPE_RANK, from: [ACT], to: [REFPB], lat: t.RRD_S },
      { scope: SCOPE_RANK, from: [REFPB], to: [REF], lat: t.RFCpb },
      // DDR5 same-bank refresh (JESD79-5 4.13.5): tRFCsb on the refreshed banks, tREFSBRD to ACT elsewhere
      { scope: SCOPE_BANK, from: [ACT], to: [REFSB], lat: t.RC },
      { scope: SCOPE_BANK, from: [PRE], to: [REFSB], lat: t.RP },
      { scope: SCOPE_BANK, from: [RDA], to: [REFSB], lat: t.RTP + t.RP },
      { scope: SCOPE_BANK, from: [WRA], to: [REFSB], lat: wrRecovery + t.RP },
      { scope: SCOPE_BANK, from: [REFSB], to: [ACT, REFSB], lat: t.RFCpb },
      { scope: SCOPE_RANK, from: [REFSB], to: [REFSB], lat: t.PBR2PBR },
      { scope: SCOPE_RANK, from: [REFSB], to: [ACT], lat: t.PBR2ACT },
      { scope: SCOPE_RANK, from: [ACT], to: [REFSB], lat: t.RRD_L },
      { scope: SCOPE_RANK, from: [REFSB], to: [REF, PREA], lat: t.RFCpb },
    );
  }
  return list;
}

/**
 * Compiled form for the hot loop: for each (scope, issued command) a run of (next command, latency) pairs
 * in `pairs`, located by `start[scope*NCMD+cmd]` .. `start[scope*NCMD+cmd+1]`. Duplicates keep the maximum.
 */
export interface TimingTable {
  start: Int32Array;
  pairs: Int32Array;
}

export function compileTiming(t: DramTiming): TimingTable {
  const lat = new Int32Array(NSCOPE * NCMD * NCMD).fill(-1);
  for (const c of constraints(t)) {
    if (c.lat <= 0) continue;
    for (const f of c.from)
      for (const to of c.to) {
        const i = (c.scope * NCMD + f) * NCMD + to;
        if (c.lat > lat[i]) lat[i] = c.lat;
      }
  }
  const start = new Int32Array(NSCOPE * NCMD + 1);
  const pairs: number[] = [];
  for (let s = 0; s < NSCOPE; s++)
    for (let f = 0; f < NCMD; f++) {
      start[s * NCMD + f] = pairs.length;
      for (let to = 0; to < NCMD; to++) {
        const l = lat[(s * NCMD + f) * NCMD + to];
        if (l > 0) pairs.push(to, l);
      }
    }
  start[NSCOPE * NCMD] = pairs.length;
  return { start, pairs: Int32Array.from(pairs) };
}
