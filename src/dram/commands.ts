// DRAM command codes shared by the controller, the timing tables, the command log and the checker.
// Small integers so the hot loop indexes typed arrays with them.

export const ACT = 0;
export const PRE = 1;
export const PREA = 2;
export const RD = 3;
export const WR = 4;
export const RDA = 5;
export const WRA = 6;
export const REF = 7;
export const REFPB = 8;
/** DDR5 same-bank refresh: one bank index in every bank group of the rank (addressed by its bank in group 0). */
export const REFSB = 9;
export const NCMD = 10;

export const COMMAND_NAMES: readonly string[] = ['ACT', 'PRE', 'PREA', 'RD', 'WR', 'RDA', 'WRA', 'REF', 'REFpb', 'REFsb'];

/** RD, WR and their auto-precharge forms: the commands of HBM's column bus (the rest use the row bus). */
export function isColumnCommand(cmd: number): boolean {
  return cmd >= RD && cmd <= WRA;
}
