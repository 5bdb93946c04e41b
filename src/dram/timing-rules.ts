// The relations between timing parameters that JEDEC's definitions imply, checked after overrides so a
// spec the controller cannot run (a refresh that never ends, tREFI 0) is refused with one line naming
// the key instead of looping forever. Presets satisfy all of them (test/dram/model.test.ts).
import { inputError } from '../util/errors.ts';
import type { DramSpec, DramTiming } from './spec.ts';

interface Rule {
  /** The key named in the error (as users write it). */
  key: string;
  applies(s: DramSpec): boolean;
  holds(t: DramTiming, s: DramSpec): boolean;
  expected(t: DramTiming, s: DramSpec): string;
  got(t: DramTiming): number;
}

const always = (_s: DramSpec) => true;
const refreshOn = (s: DramSpec) => s.ctrl.refresh !== 'none';
const perBank = (s: DramSpec) => s.ctrl.refresh === 'perbank';
const sameBank = (s: DramSpec) => s.ctrl.refresh === 'samebank';
const perOrSameBank = (s: DramSpec) => perBank(s) || sameBank(s);
const banksPerRank = (s: DramSpec) => s.org.bankGroups * s.org.banksPerGroup;
/** Cycles between two per-bank refreshes of a rank (tREFIpb), as the controller schedules them. */
export const perBankInterval = (s: DramSpec) => Math.max(1, Math.floor(s.timing.REFI / banksPerRank(s)));
/**
 * Cycles between two same-bank refreshes of a rank: REFsb runs in fine-granularity mode, where each bank
 * is owed one refresh per tREFI2 = tREFI / 2 (JESD79-5 4.13), and one REFsb covers a bank in every group.
 */
export const sameBankInterval = (s: DramSpec) => Math.max(1, Math.floor(s.timing.REFI / 2 / s.org.banksPerGroup));
/** The interval between the refresh commands of one rank under the spec's refresh policy. */
export const refreshInterval = (s: DramSpec) => (perBank(s) ? perBankInterval(s) : sameBank(s) ? sameBankInterval(s) : s.timing.REFI);

const atLeastOne = (key: keyof DramTiming, why: string, applies = always): Rule => ({
  key: `t${key}`,
  applies,
  holds: (t) => t[key] >= 1,
  expected: () => `at least 1 cycle (${why})`,
  got: (t) => t[key],
});

const notBelow = (key: keyof DramTiming, other: keyof DramTiming, why: string): Rule => ({
  key: `t${key}`,
  applies: always,
  holds: (t) => t[key] >= t[other],
  expected: (t) => `at least t${other} (${t[other]} cycles): ${why}`,
  got: (t) => t[key],
});

const RULES: Rule[] = [
  atLeastOne('CL', 'read data cannot return in the cycle of its command'),
  atLeastOne('RCD', 'a row takes time to open'),
  atLeastOne('RP', 'a precharge takes time'),
  atLeastOne('REFI', 'a refresh interval of 0 never ends; set refresh=none to turn refresh off', refreshOn),
  atLeastOne('RFC', 'a refresh takes time', refreshOn),
  {
    key: 'tRFC',
    applies: refreshOn,
    holds: (t) => t.RFC < t.REFI,
    expected: (t) => `less than tREFI (${t.REFI} cycles): each refresh must finish before the next is due`,
    got: (t) => t.RFC,
  },
  atLeastOne('RFCpb', 'a per-bank or same-bank refresh takes time', perOrSameBank),
  {
    key: 'tRFCpb',
    applies: perOrSameBank,
    holds: (t) => t.RFCpb < t.REFI,
    expected: (t) => `less than tREFI (${t.REFI} cycles): a bank's refresh must finish before its next is due`,
    got: (t) => t.RFCpb,
  },
  {
    key: 'tPBR2PBR',
    applies: perBank,
    holds: (t, s) => t.PBR2PBR < perBankInterval(s),
    expected: (_t, s) => `less than tREFI / banks per rank (${perBankInterval(s)} cycles): per-bank refreshes must keep up with their deadlines`,
    got: (t) => t.PBR2PBR,
  },
  {
    key: 'tRFCpb',
    applies: sameBank,
    holds: (t) => t.RFCpb < t.REFI / 2,
    expected: (t) => `less than tREFI / 2 (${t.REFI / 2} cycles): same-bank refresh owes every bank a refresh per tREFI2 = tREFI / 2`,
    got: (t) => t.RFCpb,
  },
  {
    key: 'tPBR2PBR',
    applies: sameBank,
    holds: (t, s) => t.PBR2PBR < sameBankInterval(s),
    expected: (_t, s) => `less than tREFI / 2 / banks per group (${sameBankInterval(s)} cycles): same-bank refreshes must keep up with their deadlines`,
    got: (t) => t.PBR2PBR,
  },
  notBelow('RAS', 'RCD', 'a row is precharged only after it has opened'),
  notBelow('RC', 'RAS', 'the row cycle contains the row active time'),
  notBelow('RPab', 'RP', 'an all-bank precharge is never faster than a per-bank one'),
  notBelow('CCD_L', 'CCD_S', 'the same bank group is never faster than a different one'),
  notBelow('RRD_L', 'RRD_S', 'the same bank group is never faster than a different one'),
  notBelow('WTR_L', 'WTR_S', 'the same bank group is never faster than a different one'),
];

/** Throws a UserError naming the first timing key whose relation to the others JEDEC rules out. */
export function checkTimingRelations(spec: DramSpec, where: string): void {
  for (const r of RULES) {
    if (r.applies(spec) && !r.holds(spec.timing, spec)) throw inputError(where, r.key, `${r.expected(spec.timing, spec)}; got ${r.got(spec.timing)}`);
  }
}
