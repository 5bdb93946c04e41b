// Combines results files of one sweep (its shards, or a run and its resumption elsewhere): every file must
// carry the same sweep hash; points are deduplicated by key (a point is deterministic, so the first copy
// stands for all) and ordered by index. Says which points are still missing.
import { UserError } from '../util/errors.ts';
import { TOOL, VERSION } from '../util/version.ts';
import { readResults, type HeaderLine, type PointLine } from './results.ts';

export interface Merged {
  header: HeaderLine;
  points: PointLine[];
  duplicates: number;
  tornFiles: string[];
  missing: number;
}

export function mergeResults(files: string[], command: string): Merged {
  if (files.length === 0) throw new UserError('merge: name at least one results file');
  let header: HeaderLine | undefined;
  let headerFile = '';
  const byKey = new Map<string, PointLine>();
  let duplicates = 0;
  const tornFiles: string[] = [];
  for (const file of files) {
    const r = readResults(file);
    if (!r.header) throw new UserError(`${file}: no sweep header line (an empty or torn file)`);
    if (r.torn) tornFiles.push(file);
    if (!header) {
      header = r.header;
      headerFile = file;
    } else if (r.header.sweep !== header.sweep)
      throw new UserError(`${file}: belongs to sweep ${r.header.sweep}, but ${headerFile} to sweep ${header.sweep}; merge only shards of one sweep`);
    for (const p of r.points) {
      if (byKey.has(p.key)) duplicates++;
      else byKey.set(p.key, p);
    }
  }
  const points = [...byKey.values()].sort((a, b) => a.index - b.index);
  return {
    header: { ...header!, shard: null, producer: { tool: TOOL, version: VERSION, command } },
    points,
    duplicates,
    tornFiles,
    missing: header!.total - points.length,
  };
}

export function mergedText(m: Merged): string {
  return [m.header, ...m.points].map((l) => JSON.stringify(l)).join('\n') + '\n';
}
