// A report's results.json: everything `asapsim report` needs to re-render it, written by write-compare.ts
// and write-sweep.ts and read here, beside them. Format version 1; a file without a version is read as the
// reports written before it had one (a compare file then held only {producer, result}).
import { existsSync, readFileSync } from 'node:fs';
import type { CompareResult } from '../../analysis/compare.ts';
import type { HeaderLine, PointLine } from '../../sweep/results.ts';
import { UserError } from '../../util/errors.ts';
import type { CurveRecord } from '../charts/learning-curves.ts';

/** The version of results.json and summary.json this build writes and reads. */
export const RESULTS_VERSION = 1;

export interface CompareResultsFile {
  kind: 'compare';
  version: typeof RESULTS_VERSION;
  /** arch.dramBandwidth (B/s): the peak the bandwidth chart is drawn against; absent in files of earlier builds. */
  producer: { tool: string; version: string; command: string; arch: { file: string; hash: string; text: string; dramBandwidth?: number } };
  result: CompareResult;
  learning?: CurveRecord[];
}

export interface SweepResultsFile {
  kind: 'sweep';
  version: typeof RESULTS_VERSION;
  producer: { tool: string; version: string; command: string };
  header: HeaderLine;
  points: PointLine[];
  learning?: CurveRecord[];
}

export type ResultsJson = CompareResultsFile | SweepResultsFile;

export function readResultsJson(path: string): ResultsJson {
  if (!existsSync(path)) throw new UserError(`${path}: not found`);
  let doc: {
    kind?: string;
    version?: unknown;
    header?: HeaderLine;
    points?: PointLine[];
    result?: CompareResult;
    producer?: { tool: string; version: string; command: string; arch?: CompareResultsFile['producer']['arch'] };
    learning?: CurveRecord[];
  };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as typeof doc;
  } catch {
    throw new UserError(`${path}: not valid JSON`);
  }
  if (doc.version !== undefined && doc.version !== RESULTS_VERSION)
    throw new UserError(`${path}: version: results format ${JSON.stringify(doc.version)} is not supported (this build reads version ${RESULTS_VERSION})`);
  if (doc.kind === 'sweep' && doc.header && doc.points) return { ...(doc as unknown as SweepResultsFile), version: RESULTS_VERSION };
  if ((doc.kind === 'compare' || doc.kind === undefined) && doc.result) {
    const r = doc.result;
    const producer = doc.producer ?? { tool: 'asapsim', version: 'unknown', command: 'unknown' };
    return {
      kind: 'compare',
      version: RESULTS_VERSION,
      producer: { ...producer, arch: producer.arch ?? { file: r.spec.arch, hash: r.spec.archHash, text: '' } },
      result: r,
      learning: doc.learning,
    };
  }
  throw new UserError(`${path}: kind: not an asapsim results file (expected kind "compare" or "sweep")`);
}
