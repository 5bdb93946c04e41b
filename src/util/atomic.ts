// The output layer: every file and report directory asapsim writes goes through here.
// - Names given by users (--name) are confined to their folder: one path component, no "..", not empty.
// - A target is claimed exclusively (claim.ts) before it is checked, so two runs cannot both write it.
// - Outputs appear whole or not at all: written to a marked temporary sibling (cleanup.ts), then renamed.
// - Only regular files are replaced, and only asapsim's own report directories (they hold a marker file);
//   --force never replaces a symlink, a device node or a directory asapsim did not write.
import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { flagHint, UserError } from './errors.ts';
import { removeStale, tempPath, track } from './cleanup.ts';
import { claim, release } from './claim.ts';

/** The file that marks a directory as asapsim's own output: what it holds, so another kind is not overwritten. */
export const OUTPUT_MARKER = '.asapsim-output';
export type OutputKind = 'compare' | 'report' | 'sweep';

function lstat(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function what(s: Stats): string {
  return s.isSymbolicLink() ? 'a symlink' : s.isDirectory() ? 'a directory' : s.isFile() ? 'a file' : 'a device, socket or pipe';
}

/** A name that becomes one directory entry under its folder: letters, digits, "_", "." and "-", not starting with "." or "-". */
export function safeName(flag: string, name: string): string {
  if (!/^[\w][\w.-]*$/.test(name) || name.length > 200)
    throw new UserError(
      `${flag}: expected a name of letters, digits, "_", "." or "-" (not starting with "." or "-"; no "/" or ".."), got ${JSON.stringify(name)}`,
    );
  return name;
}

/** `base/name` for a user-given name, refused if it would leave `base`. */
export function confined(base: string, flag: string, name: string): string {
  const path = join(base, safeName(flag, name));
  if (!resolve(path).startsWith(resolve(base) + sep)) throw new UserError(`${flag}: ${JSON.stringify(name)} leaves ${base}`);
  return path;
}

/** Whether `inner` is `outer` or lies inside it (paths resolved, symlinks not followed). */
export function within(inner: string, outer: string): boolean {
  const a = resolve(inner);
  const b = resolve(outer);
  return a === b || a.startsWith(b + sep);
}

/** Claims a file output and refuses to replace it unless asked; never replaces anything but a regular file. */
export function assertWritableFile(path: string, force: boolean): void {
  claim(path);
  const s = lstat(path);
  if (!s) return;
  if (!s.isFile()) throw new UserError(`${path}: is ${what(s)}; asapsim replaces only regular files, even with --force`);
  if (!force) throw new UserError(`${path}: file exists; pass ${flagHint('--force')} to overwrite it`);
}

/** The kind of asapsim output a directory holds, from its marker (or, for reports before markers, results.json). */
export function outputKind(dir: string): OutputKind | 'unknown' {
  for (const [file, field] of [
    [OUTPUT_MARKER, 'kind'],
    ['results.json', 'kind'],
  ] as const) {
    const s = lstat(join(dir, file));
    if (!s?.isFile() || s.size > (file === OUTPUT_MARKER ? 4096 : 1 << 30)) continue;
    try {
      const kind = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>)[field];
      if (kind === 'compare' || kind === 'report' || kind === 'sweep') return kind;
      if (file === 'results.json') return 'compare'; // reports written before results.json had a kind
    } catch {
      // not ours
    }
  }
  return 'unknown';
}

/** Claims a report directory and refuses to replace it unless asked, and then only if asapsim wrote it. */
export function assertWritableDir(dir: string, force: boolean): void {
  claim(dir);
  const s = lstat(dir);
  if (!s) return;
  if (!s.isDirectory()) throw new UserError(`${dir}: is ${what(s)}, not a report directory; asapsim will not replace it, even with --force`);
  if (readdirSync(dir).length === 0) return;
  if (!force) throw new UserError(`${dir}: report directory exists; pass ${flagHint('--force')} to overwrite it or --name to choose another`);
  if (outputKind(dir) === 'unknown')
    throw new UserError(
      `${dir}: holds files asapsim did not write (no ${OUTPUT_MARKER} marker); asapsim replaces only its own report directories, even with --force`,
    );
}

function marker(kind: OutputKind): string {
  return JSON.stringify({ tool: 'asapsim', kind }) + '\n';
}

/** Writes a file whole or not at all (claimed for the duration unless the caller holds the claim). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const mine = claim(path);
  try {
    const s = lstat(path);
    if (s && !s.isFile()) throw new UserError(`${path}: is ${what(s)}; asapsim replaces only regular files`);
    removeStale(dirname(path));
    const tmp = tempPath(path, 'tmp');
    const untrack = track(tmp);
    try {
      writeFileSync(tmp, data, { flag: 'wx' });
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    } finally {
      untrack();
    }
  } finally {
    if (mine) release(path);
  }
}

/**
 * Builds a directory of outputs in a marked staging directory and swaps it into place when `fill`
 * succeeds. An existing non-empty directory is replaced only with `force` and only if asapsim wrote it;
 * a failure leaves nothing behind.
 */
export async function writeDirAtomic(dir: string, force: boolean, fill: (staging: string) => Promise<void> | void, kind: OutputKind = 'report'): Promise<void> {
  mkdirSync(dirname(dir), { recursive: true });
  const mine = claim(dir);
  try {
    assertWritableDir(dir, force);
    removeStale(dirname(dir));
    const staging = tempPath(dir, 'staging');
    const untrack = track(staging);
    mkdirSync(staging);
    try {
      await fill(staging);
      writeFileSync(join(staging, OUTPUT_MARKER), marker(kind));
      // The old directory is moved aside under a name of ours before the new one takes its place.
      const old = lstat(dir) ? tempPath(dir, 'staging') : undefined;
      const untrackOld = old ? track(old) : () => {};
      try {
        if (old) renameSync(dir, old);
        renameSync(staging, dir);
        if (old) rmSync(old, { recursive: true, force: true });
      } finally {
        untrackOld();
      }
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      throw e;
    } finally {
      untrack();
    }
  } finally {
    if (mine) release(dir);
  }
}

/** Marks `dir` as holding asapsim output of `kind` (for directories filled in place, as a sweep's). */
export function markOutputDir(dir: string, kind: OutputKind): void {
  const path = join(dir, OUTPUT_MARKER);
  const s = lstat(path);
  if (s?.isFile() && readFileSync(path, 'utf8') === marker(kind)) return;
  writeFileAtomic(path, marker(kind));
}

/**
 * A sweep's directory, filled in place (results files, then the report beside them): it may be new, empty,
 * or a sweep's; a compare report or a folder of other files is written into only with --force.
 */
export function assertSweepDir(dir: string, force: boolean): void {
  const s = lstat(dir);
  if (!s) return;
  if (!s.isDirectory()) throw new UserError(`${dir}: is ${what(s)}, not a sweep directory; asapsim will not write into it`);
  const kind = outputKind(dir);
  if (kind === 'sweep' || force) return;
  const names = readdirSync(dir).filter((n) => !/^points(\.shard-\d+-of-\d+)?(\.run-log)?\.jsonl$/.test(n) && !n.startsWith('.'));
  if (names.length === 0) return;
  throw new UserError(
    `${dir}: holds ${kind === 'unknown' ? 'files that are not a sweep' : `a ${kind} report`} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}); pass --force to write the sweep into it or --name to choose another`,
  );
}
