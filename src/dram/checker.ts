// An independent JEDEC timing checker. It replays the issued command log against its own model of the
// device — per-bank state and the time of the last command of each kind per bank, bank group and rank —
// and tests every command against the rules of the standard written out one by one, plus two physical
// checks the controller never computes: the command buses (one command per bus per cycle; HBM has a row
// and a column bus per channel, shared by its pseudo channels, and an ACT holds the row bus for two
// cycles, its timings counted from the last), and no two data bursts overlapping on a channel's data
// bus. It shares no code with the controller's timing table.
import type { CommandLog } from './command-log.ts';
import { commandInterface, type DramSpec } from './spec.ts';
import { COMMAND_NAMES } from './commands.ts';

export interface Violation {
  index: number;
  time: number;
  command: string;
  bank: number;
  rule: string;
}

const NEVER = -1e18;

/** Checks the log; returns at most `limit` violations (empty = the log obeys every rule checked). */
export function checkCommandLog(spec: DramSpec, log: CommandLog, limit = 20): Violation[] {
  const o = spec.org;
  const T = spec.timing;
  const banksPerRank = o.bankGroups * o.banksPerGroup;
  const ranks = o.channels * o.ranks;
  const nb = ranks * banksPerRank;
  const ccdS = Math.max(T.CCD_S, T.BL);
  const ccdL = Math.max(T.CCD_L, T.BL);
  const bus = commandInterface(o);

  // per bank
  const open = new Int32Array(nb).fill(-1);
  const lastAct = new Float64Array(nb).fill(NEVER);
  const lastRd = new Float64Array(nb).fill(NEVER);
  const lastWr = new Float64Array(nb).fill(NEVER);
  const readyAct = new Float64Array(nb).fill(NEVER); // earliest ACT after a precharge of this bank
  const lastRefPb = new Float64Array(nb).fill(NEVER);
  // per bank group
  const bgRd = new Float64Array(ranks * o.bankGroups).fill(NEVER);
  const bgWr = new Float64Array(ranks * o.bankGroups).fill(NEVER);
  const bgAct = new Float64Array(ranks * o.bankGroups).fill(NEVER);
  // per rank
  const rkRd = new Float64Array(ranks).fill(NEVER);
  const rkWr = new Float64Array(ranks).fill(NEVER);
  const rkAct = new Float64Array(ranks).fill(NEVER);
  const rkActs: number[][] = Array.from({ length: ranks }, () => []);
  const rkRef = new Float64Array(ranks).fill(NEVER);
  const rkPre = new Float64Array(ranks).fill(NEVER);
  const rkPrea = new Float64Array(ranks).fill(NEVER);
  const rkRefPb = new Float64Array(ranks).fill(NEVER);
  const rkRefs = new Float64Array(ranks);
  // same-bank refresh (JESD79-5 4.13.5): per rank, the bank indices refreshed in the current round
  const sbRound = new Uint8Array(ranks * o.banksPerGroup);
  const sbCount = new Int32Array(ranks);
  // per channel, and per set of command buses (channels sharing them: HBM pseudo channels)
  const chLast = new Float64Array(o.channels).fill(NEVER);
  const buses = o.channels / bus.pseudoChannels;
  const rowBusFree = new Float64Array(buses).fill(NEVER);
  const colBusFree = bus.rowColumn ? new Float64Array(buses).fill(NEVER) : rowBusFree;
  const chBusEnd = new Float64Array(o.channels).fill(NEVER);
  const chBusRank = new Int32Array(o.channels).fill(-1);
  const chBusWrite = new Uint8Array(o.channels);

  const out: Violation[] = [];
  let i = 0;
  let t = 0;
  let cmd = '';
  let b = 0;
  const need = (ok: boolean, rule: string): void => {
    if (!ok && out.length < limit) out.push({ index: i, time: t, command: cmd, bank: b, rule });
  };

  for (i = 0; i < log.length; i++) {
    t = log.time[i];
    cmd = COMMAND_NAMES[log.cmd[i]];
    b = log.bank[i];
    const row = log.row[i];
    const r = Math.floor(b / banksPerRank);
    const ch = Math.floor(r / o.ranks);
    const bg = r * o.bankGroups + Math.floor((b % banksPerRank) / o.banksPerGroup);
    const rb0 = r * banksPerRank;

    need(t >= chLast[ch], 'commands logged in time order');
    need(t >= 0 && Number.isInteger(t), 'command time is a whole cycle');
    chLast[ch] = t;
    const column = cmd === 'RD' || cmd === 'RDA' || cmd === 'WR' || cmd === 'WRA';
    const busFree = column ? colBusFree : rowBusFree;
    const busOf = Math.floor(ch / bus.pseudoChannels);
    const held = cmd === 'ACT' ? bus.actCycles : 1;
    if (!bus.rowColumn) need(t >= busFree[busOf], 'command bus: one command per cycle (an ACT holds it for actCycles)');
    else if (column) need(t >= busFree[busOf], 'column command bus: one column command per cycle');
    else need(t >= busFree[busOf], 'row command bus: one row command per cycle, an ACT holds it for actCycles');
    busFree[busOf] = t + held;

    const checkPre = (x: number): void => {
      need(open[x] >= 0, 'PRE: bank must be open');
      need(t - lastAct[x] >= T.RAS, 'tRAS: ACT to PRE');
      need(t - lastRd[x] >= T.RTP, 'tRTP: RD to PRE');
      need(t - lastWr[x] >= T.CWL + T.BL + T.WR, 'tWR: end of write data to PRE');
    };
    const close = (x: number, at: number): void => {
      open[x] = -1;
      readyAct[x] = Math.max(readyAct[x], at);
    };

    switch (cmd) {
      case 'ACT': {
        // JEDEC counts an ACT's timings from its last command-bus cycle
        t += bus.actCycles - 1;
        need(open[b] < 0, 'ACT: bank must be closed');
        need(t >= readyAct[b], 'tRP: precharge to ACT (incl. auto-precharge)');
        need(t - lastAct[b] >= T.RC, 'tRC: ACT to ACT, same bank');
        need(t - bgAct[bg] >= T.RRD_L, 'tRRD_L: ACT to ACT, same bank group');
        need(t - rkAct[r] >= T.RRD_S, 'tRRD_S: ACT to ACT, same rank');
        const acts = rkActs[r];
        need(acts.length < 4 || t - acts[acts.length - 4] >= T.FAW, 'tFAW: at most four ACTs in a window');
        need(t - rkRef[r] >= T.RFC, 'tRFC: REF to ACT');
        need(t - rkPrea[r] >= T.RPab, 'tRPab: PREA to ACT');
        need(t - lastRefPb[b] >= T.RFCpb, 'tRFCpb (tRFCsb): REFpb or REFsb to ACT, same bank');
        if (T.PBR2ACT > 0) need(t - rkRefPb[r] >= T.PBR2ACT || lastRefPb[b] === rkRefPb[r], 'tPBR2ACT: REFpb to ACT of another bank');
        open[b] = row;
        lastAct[b] = t;
        bgAct[bg] = t;
        rkAct[r] = t;
        acts.push(t);
        if (acts.length > 4) acts.shift();
        break;
      }
      case 'PRE':
        checkPre(b);
        if (T.PPD > 0) need(t - rkPre[r] >= T.PPD, 'tPPD: PRE to PRE');
        close(b, t + T.RP);
        rkPre[r] = t;
        break;
      case 'PREA':
        for (let x = rb0; x < rb0 + banksPerRank; x++) {
          if (open[x] < 0) continue;
          const saved = b;
          b = x;
          checkPre(x);
          b = saved;
          close(x, t + T.RPab);
        }
        rkPrea[r] = t;
        rkPre[r] = t;
        break;
      case 'RD':
      case 'RDA':
      case 'WR':
      case 'WRA': {
        const write = cmd === 'WR' || cmd === 'WRA';
        need(open[b] >= 0 && open[b] === row, `${cmd}: the addressed row must be open`);
        need(t - lastAct[b] >= (write ? T.RCDWR : T.RCD), write ? 'tRCDWR: ACT to WR' : 'tRCD: ACT to RD');
        if (!write) {
          need(t - bgRd[bg] >= ccdL, 'tCCD_L: RD to RD, same bank group');
          need(t - rkRd[r] >= ccdS, 'tCCD_S: RD to RD, same rank');
          need(t - bgWr[bg] >= T.CWL + T.BL + T.WTR_L, 'tWTR_L: write data to RD, same bank group');
          need(t - rkWr[r] >= T.CWL + T.BL + T.WTR_S, 'tWTR_S: write data to RD, same rank');
        } else {
          need(t - bgWr[bg] >= ccdL, 'tCCD_L: WR to WR, same bank group');
          need(t - rkWr[r] >= ccdS, 'tCCD_S: WR to WR, same rank');
          need(t - rkRd[r] >= T.CL + T.BL + 2 - T.CWL, 'tRTW: RD to WR (RL + BL/2 + 2 - WL)');
        }
        // the data bus: bursts may not overlap; a change of driving rank needs tRTRS in between
        const start = t + (write ? T.CWL : T.CL);
        const gap = chBusRank[ch] >= 0 && chBusRank[ch] !== r ? T.RTRS : 0;
        need(start >= chBusEnd[ch] + gap, 'data bus: bursts overlap (or no tRTRS on a rank switch)');
        chBusEnd[ch] = start + T.BL;
        chBusRank[ch] = r;
        chBusWrite[ch] = write ? 1 : 0;
        if (write) {
          lastWr[b] = t;
          bgWr[bg] = t;
          rkWr[r] = t;
        } else {
          lastRd[b] = t;
          bgRd[bg] = t;
          rkRd[r] = t;
        }
        if (cmd === 'RDA') close(b, Math.max(t + T.RTP, lastAct[b] + T.RAS) + T.RP);
        if (cmd === 'WRA') close(b, Math.max(t + T.CWL + T.BL + T.WR, lastAct[b] + T.RAS) + T.RP);
        break;
      }
      case 'REF': {
        let allClosed = true;
        let ready = NEVER;
        for (let x = rb0; x < rb0 + banksPerRank; x++) {
          if (open[x] >= 0) allClosed = false;
          if (readyAct[x] > ready) ready = readyAct[x];
        }
        need(allClosed, 'REF: all banks of the rank must be precharged');
        need(t >= ready, 'tRP: precharge to REF');
        need(t - rkRef[r] >= T.RFC, 'tRFC: REF to REF');
        rkRef[r] = t;
        rkRefs[r]++;
        break;
      }
      case 'REFpb': {
        need(T.RFCpb > 0, 'REFpb: the standard has per-bank refresh');
        need(open[b] < 0, 'REFpb: the bank must be precharged');
        need(t >= readyAct[b], 'tRP: precharge to REFpb');
        need(t - lastRefPb[b] >= T.RFCpb, 'tRFCpb: REFpb to REFpb, same bank');
        need(t - rkRefPb[r] >= T.PBR2PBR, 'tPBR2PBR: REFpb to REFpb');
        need(t - rkRef[r] >= T.RFC, 'tRFC: REF to REFpb');
        need(t - rkAct[r] >= T.RRD_S, 'tRRD: ACT to REFpb');
        lastRefPb[b] = t;
        rkRefPb[r] = t;
        readyAct[b] = Math.max(readyAct[b], t + T.RFCpb);
        rkRefs[r] += 1 / banksPerRank;
        break;
      }
      case 'REFsb': {
        // one command refreshes bank index i of every bank group; the log names the bank in group 0
        need(spec.sameBankRefresh === true, 'REFsb: the standard has same-bank refresh');
        const i0 = (b - rb0) % o.banksPerGroup;
        need(b - rb0 === i0, 'REFsb: addressed to the bank of bank group 0');
        need(t - rkRefPb[r] >= T.PBR2PBR, 'REFsb to REFsb, other banks');
        need(t - rkRef[r] >= T.RFC, 'tRFC: REF to REFsb');
        need(t - rkPrea[r] >= T.RPab, 'tRPab: PREA to REFsb');
        need(t - rkAct[r] >= T.RRD_L, 'tRRD_L: ACT to REFsb');
        for (let g = 0; g < o.bankGroups; g++) {
          const x = rb0 + g * o.banksPerGroup + i0;
          need(open[x] < 0, 'REFsb: the bank must be precharged in every bank group');
          need(t >= readyAct[x], 'tRP: precharge to REFsb');
          need(t - lastAct[x] >= T.RC, 'tRC: ACT to REFsb, same bank');
          need(t - lastRefPb[x] >= T.RFCpb, 'tRFCsb: REFsb to REFsb, same bank');
          lastRefPb[x] = t;
          readyAct[x] = Math.max(readyAct[x], t + T.RFCpb);
        }
        // every bank index gets one REFsb before any gets a second
        const q = r * o.banksPerGroup + i0;
        need(sbRound[q] === 0, 'REFsb: a bank refreshed twice before every bank was refreshed once');
        sbRound[q] = 1;
        if (++sbCount[r] === o.banksPerGroup) {
          sbRound.fill(0, r * o.banksPerGroup, (r + 1) * o.banksPerGroup);
          sbCount[r] = 0;
        }
        rkRefPb[r] = t;
        // fine-granularity mode: a full round of REFsb is owed every tREFI2 = tREFI / 2
        rkRefs[r] += 2 / o.banksPerGroup;
        break;
      }
      default:
        need(false, `unknown command ${cmd}`);
    }
  }
  // refresh rate: JEDEC lets a controller postpone at most 8 refreshes; the log must keep up with tREFI
  if (spec.ctrl.refresh !== 'none' && log.length > 0) {
    const end = log.time[log.length - 1];
    for (let r = 0; r < ranks; r++) {
      const due = Math.floor(end / T.REFI) - 8;
      if (rkRefs[r] < due && out.length < limit)
        out.push({
          index: log.length,
          time: end,
          command: 'REF',
          bank: r * banksPerRank,
          rule: `refresh rate: ${rkRefs[r].toFixed(1)} refreshes by cycle ${end}, at least ${due} due`,
        });
    }
  }
  return out;
}
