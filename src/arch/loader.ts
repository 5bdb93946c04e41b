// Loads an arch config from YAML or JSON. Every problem becomes one line naming the file, the line where
// known, the key and what was expected; unknown keys get a "did you mean" from the schema's own keys.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { nearest } from '../util/suggest.ts';
import { z } from 'zod';
import { InputError, UserError } from '../util/errors.ts';
import { archSchema, type ArchConfig } from './schema.ts';
import { createHash } from 'node:crypto';
import { allPresets } from '../dram/presets/index.ts';
import { resolveSpec } from '../dram/index.ts';
import { applyOverrides } from '../dram/overrides.ts';
import { readDramConfig } from '../dram/configs/index.ts';
import { archDramName } from './dram-spec.ts';
import { peakBytesPerNs, type DramSpec } from '../dram/spec.ts';
import { organisationProblem } from './dram-org.ts';
import { issueText } from './issue-text.ts';
import { hasOwn } from '../util/lookup.ts';
import { readTextFile } from '../util/lines.ts';
import { MAX_CONFIG_BYTES } from '../util/limits.ts';

export interface LoadedArch {
  config: ArchConfig;
  file: string;
  /** sha256 of the file's bytes, first 12 hex digits: names the exact config in every report. */
  hash: string;
  text: string;
}

/** The line of the value (or, with keyOnly, the key) at a path of a parsed YAML document. */
export function lineOf(root: YamlNode | null | undefined, path: PropertyKey[], counter: LineCounter, keyOnly = false): number | undefined {
  let node: unknown = root;
  let keyNode: unknown;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === part);
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      keyNode = node;
    } else break;
  }
  const target = (keyOnly ? keyNode : (node ?? keyNode)) as { range?: [number, number, number] } | undefined;
  return target?.range ? counter.linePos(target.range[0]).line : undefined;
}

function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  let s: z.ZodType = schema;
  for (const part of path) {
    const def = (s as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType } }).def;
    if (def.type === 'default' || def.type === 'optional') s = def.innerType!;
    const inner = (s as unknown as { def: { shape?: Record<string, z.ZodType> } }).def;
    if (!inner.shape) return [];
    s = inner.shape[String(part)];
    if (!s) return [];
  }
  let def = (s as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType } }).def;
  while ((def.type === 'default' || def.type === 'optional') && def.innerType) def = (def.innerType as unknown as typeof def & { def: typeof def }).def;
  if (def.shape) return Object.keys(def.shape);
  // A record keyed by an enum (dtypes: { saved_activation: bf16 }) knows its keys too.
  const keyType = (def as { keyType?: { options?: unknown[] } }).keyType;
  return keyType?.options?.map(String) ?? [];
}

/** Validates a parsed object against a zod schema; the first issue becomes a one-line UserError. */
export function validate<T extends z.ZodType>(schema: T, data: unknown, file: string, root?: YamlNode | null, counter?: LineCounter): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  // An unknown key explains the "missing" error of the key it misspells, so it is reported first.
  const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0];
  const lineAt = (path: PropertyKey[], keyOnly = false) => (root && counter ? lineOf(root, path, counter, keyOnly) : undefined);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const known = keysAt(schema, issue.path);
    const guess = nearest(key, known);
    const hint = guess ? `; did you mean "${guess}"?` : known.length ? `; expected one of ${known.join(', ')}` : '';
    const field = [...issue.path, key].join('.');
    throw new InputError(file, field, `unknown key${hint}`, lineAt([...issue.path, key], true));
  }
  const field = issue.path.join('.') || '(top level)';
  let message = issue.message;
  const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' && hasOwn(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined), data);
  if (value === undefined) throw new InputError(file, field, 'missing (required)', lineAt(issue.path.slice(0, -1), true));
  if (issue.code === 'invalid_value') {
    const words = issue.values.filter((v): v is string => typeof v === 'string');
    const guess = typeof value === 'string' ? nearest(value, words) : undefined;
    const hint = guess ? `; did you mean "${guess}"?` : '';
    message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}${hint}`;
  } else message = issueText(issue, value);
  throw new InputError(file, field, message, lineAt(issue.path));
}

export function parseConfigText(text: string, file: string): { data: unknown; root: YamlNode | null; counter: LineCounter } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? (e.pos ? counter.linePos(e.pos[0]).line : undefined);
    throw new UserError(`${file}${line ? `:${line}` : ''}: not valid YAML/JSON: ${e.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    // Aliases are expanded at most 100 times in all: a "billion laughs" document is refused, not expanded.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new UserError(`${file}: not a plain YAML/JSON document: ${(e as Error).message.split('\n')[0]} (too many aliases?)`);
  }
  return { data, root: doc.contents as YamlNode | null, counter };
}

export function loadArch(file: string): LoadedArch {
  if (!existsSync(file)) throw new UserError(`${file}: arch config not found`);
  return loadArchText(readTextFile(file, 'arch config', MAX_CONFIG_BYTES), file);
}

/** An arch config from its text; `file` names it in errors and reports. */
export function loadArchText(text: string, file: string): LoadedArch {
  const { data, root, counter } = parseConfigText(text, file);
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new UserError(`${file}: expected a mapping of keys (name, compute, buffer, dram, ...)`);
  const config = validate(archSchema, data, file, root, counter);
  checkDram(config, file, root, counter);
  // An imported DRAM config is part of the arch: its bytes are hashed with the arch config's.
  const hash = createHash('sha256').update(text);
  if (config.dram.config !== undefined) hash.update('\0').update(readFileSync(config.dram.config));
  return { config, file, hash: hash.digest('hex').slice(0, 12), text };
}

/** The checks beyond the schema, for a config built in code (no source lines to point at). */
export function checkArch(config: ArchConfig, file: string): void {
  checkDram(config, file, null, new LineCounter());
}

/**
 * Exactly one of dram.preset and dram.config; the preset must exist, the imported config must read, the
 * overrides apply (on top of either), and the analytic bandwidth must be the resulting peak. A relative
 * dram.config is made absolute here, against the arch config file's folder.
 */
function checkDram(config: ArchConfig, file: string, root: YamlNode | null, counter: LineCounter): void {
  const lineAt = (path: string[]) => lineOf(root, path, counter);
  const dram = config.dram;
  if (dram.preset !== undefined && dram.config !== undefined)
    throw new InputError(file, 'dram.config', 'give either dram.preset or dram.config, not both', lineAt(['dram', 'config']));
  if (dram.config === undefined && dram.preset === undefined)
    throw new InputError(
      file,
      'dram.preset',
      'missing (required unless dram.config names a DRAMSim3 .ini or Ramulator 2 YAML file)',
      lineOf(root, ['dram'], counter, true),
    );
  let base: DramSpec | undefined;
  if (dram.config !== undefined) {
    dram.config = resolve(dirname(file), dram.config);
    try {
      base = readDramConfig(dram.config);
    } catch (e) {
      // The imported file's own error (its file, line and key) placed at the arch config's dram.config.
      if (!(e instanceof UserError)) throw e;
      throw new InputError(file, 'dram.config', e.message, lineAt(['dram', 'config']));
    }
  } else {
    const names = allPresets().map((p) => p.name);
    if (!names.includes(dram.preset!)) {
      const guess = nearest(dram.preset!, names);
      throw new InputError(
        file,
        'dram.preset',
        `unknown preset "${dram.preset}"; ${guess ? `did you mean "${guess}"?` : `expected one of ${names.join(', ')}`}`,
        lineAt(['dram', 'preset']),
      );
    }
  }
  const overrides = dram.overrides;
  // A problem with an override names the override's own line; "tCL" and "CL" are the same key.
  const overrideError = (key: string, expected: string) => {
    const given = [key, `t${key}`].find((k) => hasOwn(overrides, k));
    return given
      ? new InputError(file, `dram.overrides.${given}`, expected, lineAt(['dram', 'overrides', given]))
      : new InputError(file, `dram.overrides: ${key}`, expected, lineAt(['dram', 'overrides']));
  };
  let spec: DramSpec;
  try {
    spec = base ? applyOverrides(base, overrides, 'dram.overrides') : resolveSpec(dram.preset!, overrides, 'dram.overrides');
  } catch (e) {
    // The DRAM library names the parameter (e.key) and what it expected; this places it in the config file.
    if (!(e instanceof InputError) || e.key === undefined) throw e;
    throw overrideError(e.key, `expected ${e.expected}`);
  }
  const org = organisationProblem(spec, dram.capacity);
  if (org)
    throw org.key === 'capacity' ? new InputError(file, 'dram.capacity', org.message, lineAt(['dram', 'capacity'])) : overrideError(org.key, org.message);
  const peak = peakBytesPerNs(spec) * 1e9;
  if (Math.abs(peak - dram.bandwidth) > 0.01 * peak) {
    throw new InputError(
      file,
      'dram.bandwidth',
      `${dram.bandwidth / 1e9} GB/s does not match the peak of ${archDramName(dram)}${Object.keys(overrides).length ? ' with its overrides' : ''} (${(peak / 1e9).toFixed(1)} GB/s)`,
      lineAt(['dram', 'bandwidth']),
    );
  }
}
