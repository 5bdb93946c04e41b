// Address mapping: a physical byte address -> (channel, rank, bank group, bank, row, column) of one burst.
// Every mapping is a bit-field layout of the burst index (address / burst bytes), written MSB first;
// the named mappings are fixed layouts, the XOR hash permutes the bank bits with low row bits.
import type { DramSpec } from '../spec.ts';
import { burstBytes } from '../spec.ts';

export const F_CH = 0;
export const F_RA = 1;
export const F_BG = 2;
export const F_BA = 3;
export const F_RO = 4;
export const F_CO = 5;
export const FIELD_NAMES = ['ch', 'ra', 'bg', 'ba', 'ro', 'co'] as const;

export interface AddressMapping {
  readonly name: string;
  /** Writes the six fields (F_CH ... F_CO) of the burst containing byte `addr` into `out`. */
  decode(addr: number, out: Int32Array): void;
}

export interface MappingFactory {
  (spec: DramSpec): AddressMapping;
}

/** Bits of each field for a spec (columns counted in bursts). */
export function fieldBits(spec: DramSpec): number[] {
  const o = spec.org;
  const lg = (n: number): number => Math.round(Math.log2(n));
  return [lg(o.channels), lg(o.ranks), lg(o.bankGroups), lg(o.banksPerGroup), lg(o.rows), lg(o.columns / o.burstLength)];
}

export interface Segment {
  field: number;
  width: number;
}

/** A layout given MSB first; the low bits of a split field live in its later (lower) segment. */
export class BitFieldMapping implements AddressMapping {
  readonly name: string;
  private readonly burst: number;
  private readonly totalBits: number;
  private readonly segField: Int32Array;
  private readonly segWidth: Int32Array;
  private readonly segFieldShift: Int32Array;
  /**
   * Every field in one segment and a power-of-two burst (all named layouts): each field is then a shift and
   * a mask of the burst index, fieldLow / fieldMask per field, and needs no loop over segments.
   */
  private readonly contiguous: boolean;
  private readonly invBurst: number;
  private readonly fieldLow: Int32Array;
  private readonly fieldMask: Int32Array;

  constructor(name: string, spec: DramSpec, segmentsMsbFirst: Segment[]) {
    this.name = name;
    this.burst = burstBytes(spec);
    const lsbFirst = [...segmentsMsbFirst].reverse();
    this.segField = Int32Array.from(lsbFirst.map((s) => s.field));
    this.segWidth = Int32Array.from(lsbFirst.map((s) => s.width));
    const filled = [0, 0, 0, 0, 0, 0];
    this.segFieldShift = Int32Array.from(
      lsbFirst.map((s) => {
        const sh = filled[s.field];
        filled[s.field] += s.width;
        return sh;
      }),
    );
    this.totalBits = lsbFirst.reduce((a, s) => a + s.width, 0);
    this.invBurst = 1 / this.burst;
    this.fieldLow = new Int32Array(6);
    this.fieldMask = new Int32Array(6);
    let low = 0;
    for (const s of lsbFirst) {
      this.fieldLow[s.field] = low;
      this.fieldMask[s.field] = (1 << s.width) - 1;
      low += s.width;
    }
    const oneSegmentEach = new Set(lsbFirst.map((s) => s.field)).size === lsbFirst.length;
    this.contiguous = oneSegmentEach && this.totalBits <= 30 && Number.isInteger(Math.log2(this.burst));
  }

  decode(addr: number, out: Int32Array): void {
    // addr * (1 / burst) is addr / burst exactly for a power-of-two burst; below 2^31 bursts `| 0` floors it
    // and `& mask` takes it modulo 2^totalBits (the general path below does both in doubles)
    const q = addr * this.invBurst;
    if (this.contiguous && q >= 0 && q < 2147483648) {
      const b = (q | 0) & ((1 << this.totalBits) - 1);
      const low = this.fieldLow;
      const mask = this.fieldMask;
      out[0] = (b >>> low[0]) & mask[0];
      out[1] = (b >>> low[1]) & mask[1];
      out[2] = (b >>> low[2]) & mask[2];
      out[3] = (b >>> low[3]) & mask[3];
      out[4] = (b >>> low[4]) & mask[4];
      out[5] = (b >>> low[5]) & mask[5];
      return;
    }
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = 0;
    out[4] = 0;
    out[5] = 0;
    let blk = Math.floor(addr / this.burst);
    const n = this.segField.length;
    if (this.totalBits <= 30) {
      let b = blk % (1 << this.totalBits);
      for (let i = 0; i < n; i++) {
        const w = this.segWidth[i];
        out[this.segField[i]] |= (b & ((1 << w) - 1)) << this.segFieldShift[i];
        b >>>= w;
      }
    } else {
      blk = blk % 2 ** this.totalBits;
      for (let i = 0; i < n; i++) {
        const p = 2 ** this.segWidth[i];
        const v = blk % p;
        blk = (blk - v) / p;
        out[this.segField[i]] |= v << this.segFieldShift[i];
      }
    }
  }
}

/** Builds a layout from field names MSB first, each field taking all its bits. */
export function layout(spec: DramSpec, fieldsMsbFirst: number[]): Segment[] {
  const bits = fieldBits(spec);
  return fieldsMsbFirst.map((f) => ({ field: f, width: bits[f] })).filter((s) => s.width > 0);
}
