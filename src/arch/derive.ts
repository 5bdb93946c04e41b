// Derives an arch config from a base config and dotted-path overrides ("buffer.capacity" = "1 MiB").
// A key is checked against the schema's own shape first, so a misspelt key gets a "did you mean" naming the
// sweep file's line; the derived document then goes through archSchema and the loader's further checks
// exactly like a config file does.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { checkArch, validate, type LoadedArch } from './loader.ts';
import { archSchema, type ArchConfig } from './schema.ts';
import { InputError, UserError } from '../util/errors.ts';
import { nearest } from '../util/suggest.ts';
import { own } from '../util/lookup.ts';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
}

function defOf(s: z.ZodType): Def {
  let def = (s as unknown as { def: Def }).def;
  // default/optional wrap a value; a pipe (transform) is a leaf as far as paths go.
  while ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable') && def.innerType) def = (def.innerType as unknown as { def: Def }).def;
  return def;
}

/** Why a dotted key does not name a value of the arch schema, or undefined when it does. */
export function archKeyProblem(key: string): string | undefined {
  const parts = key.split('.');
  let s: z.ZodType = archSchema;
  for (let i = 0; i < parts.length; i++) {
    const def = defOf(s);
    const here = parts.slice(0, i + 1).join('.');
    if (def.type === 'record') return i === parts.length - 1 ? undefined : `${here}: too deep; ${parts.slice(0, i).join('.')} takes KEY: value entries`;
    if (def.type !== 'object' || !def.shape) return `${parts.slice(0, i).join('.')} is a value, not a section`;
    const next = own(def.shape, parts[i]);
    if (!next) {
      const known = Object.keys(def.shape);
      const guess = nearest(parts[i], known);
      const hint = guess ? `did you mean "${[...parts.slice(0, i), guess].join('.')}"?` : `expected one of ${known.join(', ')}`;
      return `${here}: unknown arch config key; ${hint}`;
    }
    s = next;
  }
  const last = defOf(s);
  if (last.type === 'object' && last.shape)
    return `${key} is a section; name a value inside it: ${Object.keys(last.shape)
      .map((k) => `${key}.${k}`)
      .join(', ')}`;
  return undefined;
}

/** A scalar a derived config may set at a dotted key (a sweep's grid value). */
export type ConfigValue = string | number | boolean;

function setPath(target: Record<string, unknown>, key: string, value: ConfigValue): void {
  const parts = key.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) {
    if (node[p] === null || typeof node[p] !== 'object') node[p] = {};
    node = node[p] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/**
 * sha256 of the base config's bytes, the overrides and the bytes of the DRAM config file the point imports
 * (the base's or a swept one), 12 hex digits: names a derived config in every output.
 */
export function derivedHash(base: LoadedArch, overrides: Record<string, ConfigValue>, point: ArchConfig): string {
  if (Object.keys(overrides).length === 0) return base.hash;
  const hash = createHash('sha256').update(base.text).update('\0').update(JSON.stringify(overrides));
  if (point.dram.config !== undefined) hash.update('\0').update(readFileSync(point.dram.config));
  return hash.digest('hex').slice(0, 12);
}

/**
 * The base config with the overrides applied, validated by archSchema. `where(key)` names the place a key was
 * given ("sweep.yaml:7", "--set") for the one-line error.
 */
export function deriveArch(base: LoadedArch, raw: unknown, overrides: Record<string, ConfigValue>, where: (key: string) => string): LoadedArch {
  if (Object.keys(overrides).length === 0) return base;
  const data = structuredClone(raw) as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const problem = archKeyProblem(key);
    if (problem) throw new UserError(`${where(key)}: ${problem}`);
    setPath(data, key, value);
    // A derived point names its DRAM one way: a swept dram.config replaces the base's dram.preset, and back.
    const rival = key === 'dram.config' ? 'preset' : key === 'dram.preset' ? 'config' : undefined;
    if (rival && !Object.hasOwn(overrides, `dram.${rival}`)) delete (data.dram as Record<string, unknown>)[rival];
  }
  let config: ArchConfig;
  try {
    config = validate(archSchema, data, base.file);
    // The loader checks more than the schema (e.g. the DRAM preset against the bandwidth): run those
    // checks too, so a point is exactly as valid as the same config in a file.
    checkArch(config, base.file);
  } catch (e) {
    // The base file validated on load, so a failure here is an override's: name where it was given.
    if (!(e instanceof InputError)) throw e;
    const keys = Object.keys(overrides);
    const key = keys.find((k) => e.key === k || e.key?.startsWith(`${k}.`) || e.key?.startsWith(`${k}:`)) ?? keys[0];
    throw e.at(where(key));
  }
  return { config, file: base.file, hash: derivedHash(base, overrides, config), text: base.text };
}
