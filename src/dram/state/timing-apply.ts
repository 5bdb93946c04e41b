// Applying the timing table when a command issues, compiled to straight-line code per command. Walking
// the table costs two loads and an index computation per constraint (8–9 for an ACT, 5 for a RD on DDR4),
// on every issued command; the compiled form has the latencies and target offsets as constants and runs
// in about half the time. Only numbers from the table go into the generated source. `applyByTable` is the
// walk itself, kept as the reference the compiled form is tested against (test/dram/timing-apply.test.ts).
import { ACT, NCMD } from '../commands.ts';
import { SCOPE_BANK, SCOPE_BG, SCOPE_RANK, SCOPE_OTHER_RANK, type TimingTable } from '../timing.ts';

/** The last four ACT times of a rank are kept in a ring of this size (tFAW). */
export const FAW_WINDOW = 4;

/** The arrays a command's timing raises: earliest cycle per (bank | group | rank) × command, and tFAW's ring. */
export interface TimingArrays {
  bankNext: Float64Array;
  bgNext: Float64Array;
  rankNext: Float64Array;
  faw: Float64Array;
  fawPos: Int32Array;
  bankGroup: Int32Array;
  bankRank: Int32Array;
  ranksPerCh: number;
  tFAW: number;
}

/** Raises the bounds that `cmd` issued to bank `b` at cycle `t` implies. */
export type ApplyTiming = (cmd: number, b: number, t: number) => void;

function pairsOf(tt: TimingTable, scope: number, cmd: number): Array<[to: number, lat: number]> {
  const out: Array<[number, number]> = [];
  for (let i = tt.start[scope * NCMD + cmd]; i < tt.start[scope * NCMD + cmd + 1]; i += 2) out.push([tt.pairs[i], tt.pairs[i + 1]]);
  return out;
}

function raise(array: string, offset: string, pairs: Array<[number, number]>): string {
  return pairs.map(([to, lat]) => `v = t + ${lat}; if (v > ${array}[${offset} + ${to}]) ${array}[${offset} + ${to}] = v;`).join('\n');
}

/** tFAW: the next ACT waits for the 4th-last ACT + tFAW; that bound only grows, so it is folded into rankNext[ACT]. */
const FOLD_FAW = `{
  const q = r * ${FAW_WINDOW};
  faw[q + fawPos[r]] = t;
  const pos = (fawPos[r] + 1) % ${FAW_WINDOW};
  fawPos[r] = pos;
  const f = faw[q + pos] + tFAW;
  if (f > rn[ro + ${ACT}]) rn[ro + ${ACT}] = f;
}`;

type ApplyFactory = (...arrays: unknown[]) => ApplyTiming;
/**
 * One factory per generated source: every controller of a spec gets its closure from the same function
 * literal, so they share V8's type feedback and optimized code (a warm-up run warms the real one's apply).
 */
const factories = new Map<string, ApplyFactory>();

/** The table as one function with a case per command. */
export function compileApply(tt: TimingTable, a: TimingArrays): ApplyTiming {
  const cases: string[] = [];
  for (let cmd = 0; cmd < NCMD; cmd++) {
    const other = a.ranksPerCh > 1 ? pairsOf(tt, SCOPE_OTHER_RANK, cmd) : [];
    const body = [
      raise('bn', 'bo', pairsOf(tt, SCOPE_BANK, cmd)),
      raise('gn', 'go', pairsOf(tt, SCOPE_BG, cmd)),
      raise('rn', 'ro', pairsOf(tt, SCOPE_RANK, cmd)),
      other.length === 0
        ? ''
        : `const r0 = r - (r % ${a.ranksPerCh});
          for (let r2 = r0; r2 < r0 + ${a.ranksPerCh}; r2++) {
            if (r2 === r) continue;
            const o2 = r2 * ${NCMD};
            ${raise('rn', 'o2', other)}
          }`,
      cmd === ACT ? FOLD_FAW : '',
    ];
    cases.push(`case ${cmd}: {\n${body.join('\n')}\nreturn;\n}`);
  }
  const source = `return function applyCompiled(cmd, b, t) {
    const bo = b * ${NCMD};
    const go = bankGroup[b] * ${NCMD};
    const r = bankRank[b];
    const ro = r * ${NCMD};
    let v;
    switch (cmd) {
      ${cases.join('\n')}
    }
  };`;
  let make = factories.get(source);
  if (make === undefined) {
    make = new Function('bn', 'gn', 'rn', 'faw', 'fawPos', 'bankGroup', 'bankRank', 'tFAW', source) as ApplyFactory;
    factories.set(source, make);
  }
  return make(a.bankNext, a.bgNext, a.rankNext, a.faw, a.fawPos, a.bankGroup, a.bankRank, a.tFAW);
}

/** The same effect by walking the table: the reference for compileApply. */
export function applyByTable(tt: TimingTable, a: TimingArrays, cmd: number, b: number, t: number): void {
  const r = a.bankRank[b];
  const levels: Array<[number, Float64Array, number]> = [
    [SCOPE_BANK, a.bankNext, b],
    [SCOPE_BG, a.bgNext, a.bankGroup[b]],
    [SCOPE_RANK, a.rankNext, r],
  ];
  const r0 = r - (r % a.ranksPerCh);
  for (let r2 = r0; r2 < r0 + a.ranksPerCh; r2++) if (r2 !== r) levels.push([SCOPE_OTHER_RANK, a.rankNext, r2]);
  for (const [scope, next, x] of levels) {
    for (const [to, lat] of pairsOf(tt, scope, cmd)) next[x * NCMD + to] = Math.max(next[x * NCMD + to], t + lat);
  }
  if (cmd === ACT) {
    const q = r * FAW_WINDOW;
    a.faw[q + a.fawPos[r]] = t;
    a.fawPos[r] = (a.fawPos[r] + 1) % FAW_WINDOW;
    a.rankNext[r * NCMD + ACT] = Math.max(a.rankNext[r * NCMD + ACT], a.faw[q + a.fawPos[r]] + a.tFAW);
  }
}
