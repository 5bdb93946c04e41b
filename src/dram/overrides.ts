// `--set key=value` overrides on a spec, and the checks every resolved spec passes: organisation
// (powers of two, widths), whole-cycle timings, controller policy, and the timing relations JEDEC
// implies (timing-rules.ts). Any failure is one line naming the key.
import { nearest } from '../util/suggest.ts';
import { inputError } from '../util/errors.ts';
import { checkTimingRelations } from './timing-rules.ts';
import { COMMAND_BUSES, FRONTENDS, type DramSpec } from './spec.ts';

function clone(spec: DramSpec): DramSpec {
  return { ...spec, org: { ...spec.org }, timing: { ...spec.timing }, power: { ...spec.power }, ctrl: { ...spec.ctrl }, sources: [...spec.sources] };
}

const STRING_CTRL = new Set(['scheduler', 'pagePolicy', 'refresh', 'mapping', 'frontend', 'commandBuses']);

/** Applies `key=value` overrides; keys are bare field names (CL, channels, scheduler, idd0, tCK_ns ...). */
export function applyOverrides(base: DramSpec, overrides: Record<string, number | string> | undefined, where = '--set'): DramSpec {
  const spec = clone(base);
  if (!overrides) return spec;
  for (const [rawKey, raw] of Object.entries(overrides)) {
    const key = canonicalKey(rawKey);
    const groups: Record<string, unknown>[] = [
      spec.timing as unknown as Record<string, unknown>,
      spec.org as unknown as Record<string, unknown>,
      spec.ctrl as unknown as Record<string, unknown>,
      spec.power as unknown as Record<string, unknown>,
    ];
    const group = groups.find((g) => key in g);
    if (key === 'tCK_ns' || key === 'dataRate') {
      const v = Number(raw);
      if (!Number.isFinite(v) || v <= 0) throw inputError(where, rawKey, 'a positive number');
      spec[key] = v;
      continue;
    }
    if (!group) throw inputError(where, rawKey, unknownParameter(rawKey, [...groups.flatMap((g) => Object.keys(g)), 'tCK_ns', 'dataRate']));
    if (STRING_CTRL.has(key)) {
      group[key] = String(raw);
      continue;
    }
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0) throw inputError(where, rawKey, 'a non-negative number');
    group[key] = v;
  }
  const given = new Set(Object.keys(overrides).map(canonicalKey));
  if (given.has('RAS') || given.has('RP')) {
    if (!given.has('RC')) spec.timing.RC = Math.max(spec.timing.RC, spec.timing.RAS + spec.timing.RP);
  }
  validateSpec(spec, where);
  return spec;
}

/** Ramulator 2's spellings of our timing names (after its "n" prefix). */
const RAMULATOR_NAMES: Record<string, string> = {
  CCDS: 'CCD_S',
  CCDL: 'CCD_L',
  RRDS: 'RRD_S',
  RRDL: 'RRD_L',
  WTRS: 'WTR_S',
  WTRL: 'WTR_L',
  RFC1: 'RFC',
  RCDRD: 'RCD',
};

/** The field a key names: JEDEC's tXX and Ramulator 2's nXX both name field XX (tCK_ns stays itself). */
export function canonicalKey(rawKey: string): string {
  const prefixed = (rawKey.startsWith('t') || rawKey.startsWith('n')) && rawKey.length > 1 && /[A-Z]/.test(rawKey[1]) && rawKey !== 'tCK_ns';
  const key = prefixed ? rawKey.slice(1) : rawKey;
  return rawKey.startsWith('n') && prefixed && Object.hasOwn(RAMULATOR_NAMES, key) ? RAMULATOR_NAMES[key] : key;
}

/** "a known parameter (did you mean "CL"?)" — the closest known key, timing keys also with their "t" prefix. */
function unknownParameter(key: string, known: string[]): string {
  const names = [...known, ...known.filter((k) => /^[A-Z]/.test(k)).map((k) => `t${k}`)];
  const guess = nearest(key, names);
  return `a known parameter (${guess ? `did you mean "${guess}"?` : 'timing like CL or tRCD, org like channels, control like scheduler, power like idd0'})`;
}

/** The refresh policies a spec's standard allows. */
export function refreshModes(spec: DramSpec): string[] {
  return ['allbank', ...(spec.perBankRefresh ? ['perbank'] : []), ...(spec.sameBankRefresh === true ? ['samebank'] : []), 'none'];
}

function isPow2(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

export function validateSpec(spec: DramSpec, where: string): void {
  const o = spec.org;
  for (const k of ['channels', 'ranks', 'bankGroups', 'banksPerGroup', 'rows', 'columns', 'burstLength'] as const) {
    if (!isPow2(o[k])) throw inputError(where, k, `a power of two (got ${o[k]})`);
  }
  if (!isPow2(o.busWidth) || o.busWidth < 8) throw inputError(where, 'busWidth', 'a power of two >= 8 bits');
  if (!isPow2(o.deviceWidth) || o.deviceWidth > o.busWidth)
    throw inputError(
      where,
      'deviceWidth',
      `a power of two no wider than busWidth (${o.busWidth} bits), so a rank is busWidth / deviceWidth whole devices; got ${o.deviceWidth}`,
    );
  if (o.columns < o.burstLength) throw inputError(where, 'columns', 'at least burstLength');
  const pc = o.pseudoChannels ?? 1;
  if (!isPow2(pc) || pc > o.channels) throw inputError(where, 'pseudoChannels', `a power of two no larger than channels (${o.channels}); got ${pc}`);
  if (o.commandBuses !== undefined && !COMMAND_BUSES.includes(o.commandBuses)) throw inputError(where, 'commandBuses', COMMAND_BUSES.join(' or '));
  const act = o.actCycles ?? 1;
  if (!Number.isInteger(act) || act < 1) throw inputError(where, 'actCycles', `a whole number of cycles >= 1 (got ${act})`);
  for (const [k, v] of Object.entries(spec.timing)) {
    if (!Number.isInteger(v) || v < 0) throw inputError(where, k, `a whole number of cycles >= 0 (got ${v})`);
  }
  if (spec.timing.BL < 1) throw inputError(where, 'BL', 'at least 1 cycle');
  const c = spec.ctrl;
  if (!Number.isInteger(c.readQueue) || c.readQueue < 1) throw inputError(where, 'readQueue', 'a whole number >= 1');
  if (!Number.isInteger(c.writeQueue) || c.writeQueue < 1) throw inputError(where, 'writeQueue', 'a whole number >= 1');
  if (!(c.wrLow >= 0 && c.wrHigh <= 1 && c.wrLow <= c.wrHigh)) throw inputError(where, 'wrLow/wrHigh', '0 <= wrLow <= wrHigh <= 1');
  if (!FRONTENDS.includes(c.frontend)) throw inputError(where, 'frontend', FRONTENDS.join(' or '));
  if (c.pagePolicy !== 'open' && c.pagePolicy !== 'closed') throw inputError(where, 'pagePolicy', 'open or closed');
  if (c.refresh !== 'allbank' && c.refresh !== 'perbank' && c.refresh !== 'samebank' && c.refresh !== 'none')
    throw inputError(where, 'refresh', 'allbank, perbank, samebank or none');
  if (c.refresh === 'perbank' && !spec.perBankRefresh)
    throw inputError(where, 'refresh', `${refreshModes(spec).join(', ')} (${spec.standard} has no per-bank refresh)`);
  if (c.refresh === 'samebank' && spec.sameBankRefresh !== true)
    throw inputError(where, 'refresh', `${refreshModes(spec).join(', ')} (${spec.standard} has no same-bank refresh)`);
  checkTimingRelations(spec, where);
}
