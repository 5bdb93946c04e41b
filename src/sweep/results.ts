// The sweep's results file, JSON Lines: a header line naming the sweep (its hash, description and producer),
// then one line per finished point, each carrying the sweep hash. A line is the unit of durability: it is
// written with one write() and fsync()ed before the next point is recorded. A process killed mid-write leaves
// at most one torn last line (no trailing newline, or not JSON); readers ignore it and an appender cuts it
// off first, so a resumed sweep never glues a new line onto half of an old one.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, ftruncateSync, writeSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RuleSummary } from '../analysis/compare.ts';
import type { Energy, ReplayResult } from '../sim/stats.ts';
import { UserError } from '../util/errors.ts';
import type { SweepDescription, SweepPoint } from './spec.ts';

export interface PointResult {
  summary: RuleSummary;
  energy: Energy;
  time: ReplayResult['time'];
  arch: ReplayResult['arch'];
  stash: string;
}

/** The results-file format this build writes and reads (a header without one is from before it had one). */
export const POINTS_VERSION = 1;

export interface HeaderLine {
  type: 'sweep';
  version?: typeof POINTS_VERSION;
  sweep: string;
  /** Points in the whole sweep (all shards). */
  total: number;
  shard: string | null;
  description: SweepDescription;
  producer: { tool: string; version: string; command: string };
}

export interface PointLine {
  type: 'point';
  sweep: string;
  index: number;
  key: string;
  point: Omit<SweepPoint, 'index' | 'key'>;
  archHash: string;
  result: PointResult;
  /** Wall time of the point, for ETAs and capacity planning; not part of the result. */
  ms: number;
}

export interface ResultsFile {
  header?: HeaderLine;
  points: PointLine[];
  /** Bytes up to the end of the last whole line. */
  validBytes: number;
  torn: boolean;
}

/** Reads a results file, ignoring a torn last line; any other bad line is an error naming file:line. */
export function readResults(file: string): ResultsFile {
  if (!existsSync(file)) throw new UserError(`${file}: results file not found`);
  const buf = readFileSync(file);
  const out: ResultsFile = { points: [], validBytes: 0, torn: false };
  let start = 0;
  let lineNo = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    lineNo++;
    const end = nl < 0 ? buf.length : nl;
    const text = buf.subarray(start, end).toString('utf8');
    let parsed: HeaderLine | PointLine | undefined;
    try {
      parsed = text.trim() === '' ? undefined : (JSON.parse(text) as HeaderLine | PointLine);
    } catch {
      parsed = undefined;
    }
    const last = nl < 0 || nl === buf.length - 1;
    if (nl < 0 || (parsed === undefined && text.trim() !== '')) {
      // A write cut short: only ever the last line.
      if (last) {
        out.torn = true;
        break;
      }
      throw new UserError(`${file}:${lineNo}: not a sweep results line (expected JSON)`);
    }
    if (parsed?.type === 'sweep') {
      if (out.header) throw new UserError(`${file}:${lineNo}: a second header line`);
      if (parsed.version !== undefined && parsed.version !== POINTS_VERSION)
        throw new UserError(
          `${file}:${lineNo}: version: results format ${JSON.stringify(parsed.version)} is not supported (this build reads version ${POINTS_VERSION})`,
        );
      out.header = parsed;
    } else if (parsed?.type === 'point') {
      if (!out.header) throw new UserError(`${file}:${lineNo}: a point before the header line`);
      if (parsed.sweep !== out.header.sweep) throw new UserError(`${file}:${lineNo}: point of sweep ${parsed.sweep} in a file of sweep ${out.header.sweep}`);
      out.points.push(parsed);
    } else if (parsed !== undefined) throw new UserError(`${file}:${lineNo}: unknown line type ${JSON.stringify((parsed as { type?: unknown }).type)}`);
    out.validBytes = end + 1;
    start = end + 1;
  }
  if (!out.header && out.points.length === 0 && !out.torn && buf.length > 0) throw new UserError(`${file}: no sweep header line`);
  return out;
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  }
}

/** Appends lines durably: one write and one fsync per line. */
export class ResultsWriter {
  private constructor(private fd: number) {}

  /** A new file holding only the header, created atomically (replaces an old one: the caller checked --force). */
  static create(file: string, header: HeaderLine): ResultsWriter {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(header) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    fsyncDir(dirname(file));
    return new ResultsWriter(openSync(file, 'a'));
  }

  /** Appends to an existing file, first cutting off a torn last line. */
  static append(file: string, validBytes: number): ResultsWriter {
    const fd = openSync(file, 'r+');
    ftruncateSync(fd, validBytes);
    fsyncSync(fd);
    closeSync(fd);
    return new ResultsWriter(openSync(file, 'a'));
  }

  write(line: PointLine | HeaderLine): void {
    const bytes = Buffer.from(JSON.stringify(line) + '\n', 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
