// Request trace files of the simulators we are compared with, read and written a line at a time:
//   dramsim3    "0x1F3C0 READ 12"   address, READ|WRITE, arrival cycle (memory clock)
//   ramulator   "0x1F3C0 R"         Ramulator 1 memory trace: address, R|W (no time: as fast as accepted)
//   ramulator2  "LD 0x1F3C0"        Ramulator 2 load/store trace: LD|ST, address
// The reader parses bytes straight from 1 MiB chunks (no per-line strings), so a trace of any length
// streams in constant memory. Addresses may be hex (0x...) or decimal.
import { openSync, readSync, closeSync, writeSync, renameSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { RequestSource } from './request-source.ts';
import { inputError, UserError } from '../util/errors.ts';

export type TraceFormat = 'dramsim3' | 'ramulator' | 'ramulator2';
export const TRACE_FORMATS: readonly TraceFormat[] = ['dramsim3', 'ramulator', 'ramulator2'];

export function parseFormat(s: string, where = '--format'): TraceFormat {
  const f = s.toLowerCase();
  if (f === 'ramulator1') return 'ramulator';
  if ((TRACE_FORMATS as readonly string[]).includes(f)) return f as TraceFormat;
  throw inputError(where, s, `one of ${TRACE_FORMATS.join(', ')}`);
}

const EXPECTED: Record<TraceFormat, string> = {
  dramsim3: 'expected "0xADDR READ|WRITE CYCLE"',
  ramulator: 'expected "0xADDR R|W"',
  ramulator2: 'expected "LD|ST 0xADDR"',
};

const CHUNK = 1 << 20;

/** Hex digit value of each byte, -1 for a non-digit. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) HEX[65 + c] = HEX[97 + c] = 10 + c;

export class TraceFileSource implements RequestSource {
  addr = 0;
  write = false;
  arrival = 0;
  lines = 0;
  private fd: number;
  private buf = Buffer.allocUnsafe(CHUNK);
  private len = 0;
  private pos = 0;
  private eof = false;
  private readonly fmt: number;

  constructor(
    readonly file: string,
    readonly format: TraceFormat,
  ) {
    try {
      this.fd = openSync(file, 'r');
    } catch (e) {
      throw new UserError(`${file}: cannot read the trace (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    this.fmt = format === 'dramsim3' ? 0 : format === 'ramulator' ? 1 : 2;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /** Makes sure a whole line (or the file's end) is in the buffer from `pos`. */
  private fill(): void {
    const rest = this.len - this.pos;
    if (this.pos > 0) this.buf.copy(this.buf, 0, this.pos, this.len);
    this.len = rest;
    this.pos = 0;
    if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    const n = readSync(this.fd, this.buf, this.len, this.buf.length - this.len, null);
    if (n === 0) this.eof = true;
    this.len += n;
  }

  private fail(): never {
    const err = inputError(this.file, `line ${this.lines}`, EXPECTED[this.format]);
    this.close();
    throw err;
  }

  next(): boolean {
    for (;;) {
      let end = this.pos < this.len ? this.buf.indexOf(10, this.pos) : -1;
      if (end >= this.len) end = -1; // bytes past `len` are stale
      if (end < 0) {
        if (!this.eof) {
          this.fill();
          continue;
        }
        if (this.pos >= this.len) {
          this.close();
          return false;
        }
        end = this.len; // a last line without a newline
      }
      const start = this.pos;
      this.pos = end + 1;
      this.lines++;
      if (this.parse(start, end)) return true;
    }
  }

  /**
   * Reads up to addr.length requests into the arrays; returns how many (0 at the end). The common
   * DRAMSim3 line, "0xHEX READ|WRITE DECIMAL\n" with single-byte spaces, is parsed in one pass straight
   * from the buffer; any other line (other formats, comments, tabs, lower case, a line cut by the chunk
   * end, an error) goes through next(), which parses it exactly as before.
   */
  nextBatch(addr: Float64Array, write: Uint8Array, arrival: Float64Array): number {
    const max = addr.length;
    let n = 0;
    while (n < max) {
      if (this.fmt === 0) n = this.fastLines(addr, write, arrival, n);
      if (n >= max || !this.next()) break;
      addr[n] = this.addr;
      write[n] = this.write ? 1 : 0;
      arrival[n] = this.arrival;
      n++;
    }
    return n;
  }

  /**
   * Parses plain DRAMSim3 lines from `pos` into the arrays from index n while they keep the plain form;
   * returns the new count, leaving `pos` at the first line it did not take. Every read stays below
   * pos + 41 (at most 14 hex and 16 decimal digits are scanned), so with 48 bytes in hand no read leaves
   * the valid part of the buffer (an out-of-bounds read would also make later Buffer loads slower).
   */
  private fastLines(addr: Float64Array, write: Uint8Array, arrival: Float64Array, n: number): number {
    const b = this.buf;
    const max = addr.length;
    const lim = this.len - 48;
    const hex = HEX;
    let pos = this.pos;
    let lines = this.lines;
    while (n < max && pos <= lim) {
      if (b[pos] !== 48 || b[pos + 1] !== 120) break;
      let p = pos + 2;
      const hEnd = p + 14;
      let v = 0;
      for (; p < hEnd; p++) {
        const d = hex[b[p]];
        if (d < 0) break;
        v = v * 16 + d;
      }
      const nh = p - pos - 2;
      if (nh === 0 || nh > 13 || b[p] !== 32) break;
      p++;
      let w: number;
      if (b[p] === 82 && b[p + 1] === 69 && b[p + 2] === 65 && b[p + 3] === 68 && b[p + 4] === 32) {
        w = 0;
        p += 5;
      } else if (b[p] === 87 && b[p + 1] === 82 && b[p + 2] === 73 && b[p + 3] === 84 && b[p + 4] === 69 && b[p + 5] === 32) {
        w = 1;
        p += 6;
      } else break;
      const d0 = p;
      const dEnd = p + 16;
      let t = 0;
      for (; p < dEnd; p++) {
        const c = b[p] - 48;
        if (c < 0 || c > 9) break;
        t = t * 10 + c;
      }
      const nd = p - d0;
      if (b[p] === 13) p++;
      if (nd === 0 || nd > 15 || b[p] !== 10) break;
      addr[n] = v;
      write[n] = w;
      arrival[n] = t;
      n++;
      pos = p + 1;
      lines++;
    }
    this.pos = pos;
    this.lines = lines;
    return n;
  }

  /** Parses bytes [s, e); false for a blank or comment line. */
  private parse(s: number, e: number): boolean {
    const b = this.buf;
    while (s < e && (b[s] === 32 || b[s] === 9)) s++;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === 9 || b[e - 1] === 13)) e--;
    if (s === e || b[s] === 35) return false;
    if (this.fmt === 2) {
      // LD|ST addr
      const c0 = b[s] | 32;
      const c1 = b[s + 1] | 32;
      if (c0 === 108 && c1 === 100) this.write = false;
      else if (c0 === 115 && c1 === 116) this.write = true;
      else this.fail();
      s += 2;
      if (b[s] !== 32 && b[s] !== 9) this.fail();
      while (s < e && (b[s] === 32 || b[s] === 9)) s++;
      s = this.number(s, e);
      if (s !== e) this.fail();
      this.arrival = 0;
      return true;
    }
    s = this.number(s, e);
    this.addr = this.val;
    if (s >= e || (b[s] !== 32 && b[s] !== 9)) this.fail();
    while (s < e && (b[s] === 32 || b[s] === 9)) s++;
    let w = s;
    while (w < e && b[w] !== 32 && b[w] !== 9) w++;
    const n = w - s;
    const c0 = b[s] | 32;
    if (this.fmt === 1) {
      if (n === 1 && c0 === 114) this.write = false;
      else if (n === 1 && c0 === 119) this.write = true;
      else this.fail();
      this.arrival = 0;
      if (w !== e) this.fail();
      return true;
    }
    if (n === 4 && c0 === 114 && (b[s + 1] | 32) === 101 && (b[s + 2] | 32) === 97 && (b[s + 3] | 32) === 100) this.write = false;
    else if (n === 5 && c0 === 119 && (b[s + 1] | 32) === 114 && (b[s + 2] | 32) === 105) this.write = true;
    else this.fail();
    s = w;
    while (s < e && (b[s] === 32 || b[s] === 9)) s++;
    const addr = this.addr;
    s = this.number(s, e);
    if (s !== e) this.fail();
    this.arrival = this.val;
    this.addr = addr;
    return true;
  }

  private val = 0;

  /** Parses a hex (0x) or decimal number at s into `val` (and `addr`); returns the index after it. */
  private number(s: number, e: number): number {
    const b = this.buf;
    let v = 0;
    const s0 = s;
    if (b[s] === 48 && (b[s + 1] | 32) === 120) {
      s += 2;
      const h0 = s;
      for (; s < e; s++) {
        const c = b[s];
        let d: number;
        if (c >= 48 && c <= 57) d = c - 48;
        else {
          const l = c | 32;
          if (l >= 97 && l <= 102) d = l - 87;
          else break;
        }
        v = v * 16 + d;
      }
      if (s === h0) this.fail();
    } else {
      for (; s < e; s++) {
        const c = b[s];
        if (c < 48 || c > 57) break;
        v = v * 10 + (c - 48);
      }
      if (s === s0) this.fail();
    }
    if (v > Number.MAX_SAFE_INTEGER) this.fail();
    this.val = v;
    this.addr = v;
    return s;
  }
}

/** Writes requests in one of the formats; the file appears (atomically) only on `close()`. */
export class TraceWriter {
  private readonly tmp: string;
  private fd: number;
  private chunk = '';
  count = 0;
  private flushed = 0;

  /** `encode`: turns each chunk of text into the bytes to write (gzip members concatenate into one file). */
  constructor(
    readonly file: string,
    readonly format: TraceFormat,
    private readonly encode?: (text: string) => Uint8Array,
  ) {
    this.tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (e) {
      throw new UserError(`${file}: cannot write the trace (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  write(addr: number, write: boolean, cycle: number): void {
    const a = '0x' + addr.toString(16).toUpperCase();
    if (this.format === 'dramsim3') this.chunk += `${a} ${write ? 'WRITE' : 'READ'} ${cycle}\n`;
    else if (this.format === 'ramulator') this.chunk += `${a} ${write ? 'W' : 'R'}\n`;
    else this.chunk += `${write ? 'ST' : 'LD'} ${a}\n`;
    this.count++;
    if (this.chunk.length > 1 << 16) this.flush();
  }

  /** Bytes of trace text so far (before any compression). */
  get textBytes(): number {
    return this.flushed + this.chunk.length;
  }

  private flush(): void {
    if (this.chunk.length > 0) {
      this.flushed += this.chunk.length;
      if (this.encode) writeSync(this.fd, this.encode(this.chunk));
      else writeSync(this.fd, this.chunk);
    }
    this.chunk = '';
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmp, this.file);
  }

  /** Drops the partial file. */
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.tmp, { force: true });
  }
}
