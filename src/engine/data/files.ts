// Reading dataset files: whole-file reads, transparent gunzip, and one-line errors naming the file.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { inputError } from '../../util/errors.ts';

/** Reads `path`, or `path.gz` gunzipped; throws a UserError naming what is missing. */
export function readMaybeGz(path: string, what: string): Buffer {
  if (existsSync(path)) return path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path);
  if (existsSync(`${path}.gz`)) return gunzipSync(readFileSync(`${path}.gz`));
  throw inputError(path, undefined, `missing ${what} (also looked for ${path}.gz)`);
}
