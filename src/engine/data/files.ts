// Reading dataset files: whole-file reads of at most MAX_DATA_FILE_BYTES (a device or a runaway file is
// refused, not read), transparent gunzip (a corrupt or truncated gzip is one line naming the file, and the
// unpacked size is capped too: a gzip bomb stops at the cap), and one-line errors naming the file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { inputError } from '../../util/errors.ts';
import { MAX_DATA_FILE_BYTES } from '../../util/limits.ts';

function readCapped(path: string, what: string): Buffer {
  const s = statSync(path);
  if (!s.isFile()) throw inputError(path, undefined, `${what}: expected a regular file`);
  if (s.size > MAX_DATA_FILE_BYTES) throw inputError(path, undefined, `${what}: at most ${MAX_DATA_FILE_BYTES / 2 ** 30} GiB, got ${s.size} bytes`);
  const bytes = readFileSync(path);
  if (!path.endsWith('.gz')) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_DATA_FILE_BYTES });
  } catch (e) {
    throw inputError(
      path,
      undefined,
      `${what}: not a readable gzip file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; corrupt or cut short?)`,
    );
  }
}

/** Reads `path`, or `path.gz` gunzipped; throws a UserError naming what is missing. */
export function readMaybeGz(path: string, what: string): Buffer {
  if (existsSync(path)) return readCapped(path, what);
  if (existsSync(`${path}.gz`)) return readCapped(`${path}.gz`, what);
  throw inputError(path, undefined, `missing ${what} (also looked for ${path}.gz)`);
}
