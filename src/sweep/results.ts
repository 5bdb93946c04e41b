// The sweep's results file, JSON Lines: a header line naming the sweep (its hash, description and producer),
// then one line per finished point, each carrying the sweep hash. A line is the unit of durability: it is
// written with one write() and fsync()ed before the next point is recorded. A process killed mid-write leaves
// at most one torn last line (no trailing newline, or not JSON); readers ignore it and an appender cuts it
// off first, so a resumed sweep never glues a new line onto half of an old one.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, ftruncateSync, writeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { field, jsonText, readJsonlSync } from '../util/jsonl.ts';
import { tempPath, track } from '../util/cleanup.ts';
import type { RuleSummary } from '../analysis/compare.ts';
import { shapeProblem, summaryShape } from './compare-results.ts';
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
  /** Wall time of the point, for ETAs and capacity planning; not part of the result (reports drop it). */
  ms?: number;
}

export interface ResultsFile {
  header?: HeaderLine;
  points: PointLine[];
  /** Bytes up to the end of the last whole line. */
  validBytes: number;
  torn: boolean;
}

const num = z.number().refine(Number.isFinite, 'expected a finite number');
const headerShape = z.looseObject({
  type: z.literal('sweep'),
  sweep: z.string().min(1),
  total: z.number().int().min(0),
  shard: z.string().nullable(),
  description: z.looseObject({
    name: z.string(),
    rules: z.array(z.string()).min(1),
    models: z.array(z.string()),
    batches: z.array(num),
    axes: z.array(z.looseObject({ key: z.string(), values: z.array(z.union([z.string(), z.number(), z.boolean()])) })),
  }),
  producer: z.looseObject({ tool: z.string(), version: z.string(), command: z.string() }),
});
const pointShape = z.looseObject({
  type: z.literal('point'),
  sweep: z.string(),
  index: z.number().int().min(0),
  key: z.string(),
  point: z.looseObject({ model: z.string(), batch: num, rule: z.string(), values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) }),
  archHash: z.string(),
  result: z.looseObject({
    summary: summaryShape,
    energy: z.looseObject({ computeJ: num, bufferJ: num, dramJ: num, totalJ: num }),
    time: z.looseObject({ computeNs: num, stallNs: num, totalNs: num, dramBusyNs: num }),
    arch: z.looseObject({}),
    stash: z.string(),
  }),
});

/** Checks a sweep's header and points read from elsewhere (a sweep report's results.json): one line naming `where`. */
export function checkSweepLines(where: string, header: unknown, points: unknown): { header: HeaderLine; points: PointLine[] } {
  const h = headerShape.safeParse(header);
  if (!h.success) throw new UserError(`${where}: header: ${shapeProblem(h.error, header)}`);
  if (!Array.isArray(points)) throw new UserError(`${where}: points: expected a list`);
  points.forEach((p, i) => {
    const r = pointShape.safeParse(p);
    if (!r.success) throw new UserError(`${where}: points.${i}: ${shapeProblem(r.error, p)}`);
    if ((p as PointLine).index >= (header as HeaderLine).total) throw new UserError(`${where}: points.${i}: index outside the sweep's points`);
  });
  return { header: header as HeaderLine, points: points as PointLine[] };
}

/** Reads a results file, ignoring a torn last line; any other bad line is an error naming file:line. */
export function readResults(file: string): ResultsFile {
  if (!existsSync(file)) throw new UserError(`${file}: results file not found`);
  const out: ResultsFile = { points: [], validBytes: 0, torn: false };
  const what = 'a sweep results line';
  for (const { value, line, end } of readJsonlSync(file, { what, torn: 'stop', onTorn: () => (out.torn = true) })) {
    const type = field(value, 'type');
    if (type === 'sweep') {
      if (out.header) throw new UserError(`${file}:${line}: a second header line`);
      const h = headerShape.safeParse(value);
      if (!h.success) throw new UserError(`${file}:${line}: sweep header: ${shapeProblem(h.error, value)}`);
      const version = field(value, 'version');
      if (version !== undefined && version !== POINTS_VERSION)
        throw new UserError(
          `${file}:${line}: version: results format ${JSON.stringify(version)} is not supported (this build reads version ${POINTS_VERSION})`,
        );
      out.header = value as HeaderLine;
    } else if (type === 'point') {
      if (!out.header) throw new UserError(`${file}:${line}: a point before the header line`);
      const p = pointShape.safeParse(value);
      if (!p.success) throw new UserError(`${file}:${line}: point: ${shapeProblem(p.error, value)}`);
      const point = value as PointLine;
      if (point.sweep !== out.header.sweep) throw new UserError(`${file}:${line}: point of sweep ${point.sweep} in a file of sweep ${out.header.sweep}`);
      if (point.index >= out.header.total) throw new UserError(`${file}:${line}: index: ${point.index} is outside the sweep's ${out.header.total} points`);
      out.points.push(point);
    } else throw new UserError(`${file}:${line}: type: expected "sweep" (the header) or "point", got ${JSON.stringify(type) ?? 'no type'}`);
    out.validBytes = end;
  }
  return out;
}

/** The points as a report shows them: in index order, one per key, without wall-clock fields (byte-identical reruns). */
export function canonicalPoints(points: PointLine[]): PointLine[] {
  const byIndex = new Map<number, PointLine>();
  for (const p of points) if (!byIndex.has(p.index)) byIndex.set(p.index, p);
  return [...byIndex.values()].sort((a, b) => a.index - b.index).map(({ ms: _ms, ...p }) => p as PointLine);
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
    const tmp = tempPath(file, 'tmp');
    const untrack = track(tmp);
    try {
      const fd = openSync(tmp, 'wx');
      try {
        writeSync(fd, jsonText(header) + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    } finally {
      untrack();
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
    const bytes = Buffer.from(jsonText(line) + '\n', 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** The timings of a sweep's points, appended as they finish (not results: the report never reads them). */
export class RunLog {
  private fd: number;
  constructor(file: string) {
    this.fd = openSync(file, 'a');
  }
  write(record: { index: number; key: string; ms: number; finished: string }): void {
    writeSync(this.fd, jsonText(record) + '\n');
  }
  close(): void {
    closeSync(this.fd);
  }
}
