// Combines results files of one sweep (its shards, or a run and its resumption elsewhere): every file must
// carry the same sweep hash; every point must lie on the sweep's grid (its index, model, batch, rule and
// swept values among the header's); points are deduplicated by key (a point is deterministic, so copies must
// agree: two different results for one point are refused, not resolved by order) and ordered by index,
// without their wall-clock field. Says which points are still missing.
import { UserError } from '../util/errors.ts';
import { TOOL, VERSION } from '../util/version.ts';
import { canonicalPoints, readResults, type HeaderLine, type PointLine } from './results.ts';
import { jsonlText } from '../util/jsonl.ts';

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
  const byKey = new Map<string, { line: PointLine; file: string }>();
  const byIndex = new Map<number, { key: string; file: string }>();
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
      const off = offGrid(header!, p);
      if (off) throw new UserError(`${file}: point ${p.index} (${p.key}): ${off}; it does not belong to sweep ${header!.sweep}`);
      const seen = byKey.get(p.key);
      if (!seen) {
        const atIndex = byIndex.get(p.index);
        if (atIndex) throw new UserError(`${file}: point ${p.index}: key ${p.key}, but ${atIndex.file} has key ${atIndex.key} at that index`);
        byKey.set(p.key, { line: p, file });
        byIndex.set(p.index, { key: p.key, file });
        continue;
      }
      duplicates++;
      if (resultText(seen.line) !== resultText(p))
        throw new UserError(
          `${file}: point ${p.index} (${p.key}): a different result than in ${seen.file}; a point is deterministic, so one of the files is from another build or was edited`,
        );
    }
  }
  const points = canonicalPoints([...byKey.values()].map((v) => v.line));
  return {
    header: { ...header!, shard: null, producer: { tool: TOOL, version: VERSION, command } },
    points,
    duplicates,
    tornFiles,
    missing: header!.total - points.length,
  };
}

export function mergedText(m: Merged): string {
  return jsonlText([m.header, ...m.points]);
}

const resultText = (p: PointLine) => JSON.stringify([p.index, p.point, p.archHash, p.result]);

/** Why a point is not on the header's grid, or undefined. */
function offGrid(h: HeaderLine, p: PointLine): string | undefined {
  const d = h.description;
  if (p.index >= h.total) return `index ${p.index} is outside the sweep's ${h.total} points`;
  if (!d.models.includes(p.point.model)) return `model ${p.point.model} is not one of ${d.models.join(', ')}`;
  if (!d.batches.includes(p.point.batch)) return `batch ${p.point.batch} is not one of ${d.batches.join(', ')}`;
  if (!d.rules.includes(p.point.rule)) return `rule ${p.point.rule} is not one of ${d.rules.join(', ')}`;
  const keys = Object.keys(p.point.values);
  for (const a of d.axes) {
    if (!Object.prototype.hasOwnProperty.call(p.point.values, a.key)) return `no value for the swept key ${a.key}`;
    const v = JSON.stringify(p.point.values[a.key]);
    if (!a.values.some((x) => JSON.stringify(x) === v)) return `${a.key} = ${v} is not one of the swept values`;
  }
  if (keys.length !== d.axes.length) return `values for keys the sweep does not sweep (${keys.filter((k) => !d.axes.some((a) => a.key === k)).join(', ')})`;
  return undefined;
}
