// A sweep: models x batches x swept arch keys x rules, on one base arch config. Built from a YAML sweep file
// (validated like an arch config: unknown keys get "did you mean", errors name file:line) and/or flags.
// The points are enumerated in one fixed order (rules vary fastest), so a point's index, a shard's slice and
// the sweep's hash are the same on every machine that is given the same sweep.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { lineOf, loadArch, parseConfigText, validate, type LoadedArch } from '../arch/loader.ts';
import { inputs, models } from '../net/models/index.ts';
import { parseRuleChoice } from '../net/rules/index.ts';
import { UserError } from '../util/errors.ts';
import { VERSION } from '../util/version.ts';
import { deriveArch } from '../arch/derive.ts';
import { expandValues, type GridValue } from './values.ts';
import { DRAM_MODES, type DramMode } from '../dram/dram.ts';

export interface SweepAxis {
  key: string;
  values: GridValue[];
}

/** What a results file records about its sweep (JSON-safe). */
export interface SweepDescription {
  name: string;
  arch: { file: string; hash: string; text: string; name: string };
  models: string[];
  input: string;
  batches: number[];
  width: number;
  /** Rule labels, the first the baseline: "bp", "asap(k=2)". */
  rules: string[];
  axes: SweepAxis[];
  mode?: DramMode;
}

export interface SweepPoint {
  index: number;
  /** Identity of the point within its sweep (stable across machines). */
  key: string;
  model: string;
  batch: number;
  rule: string;
  values: Record<string, GridValue>;
}

/** A sweep ready to run: its description plus one validated arch config per combination of swept values. */
export interface Sweep {
  description: SweepDescription;
  hash: string;
  points: SweepPoint[];
  archFor(values: Record<string, GridValue>): LoadedArch;
}

/** Sweep fields as given (file and/or flags), each with where it came from for errors. */
export interface SweepInput {
  name?: string;
  arch?: string;
  models?: string[];
  input?: string;
  batch?: number[];
  width?: number;
  rules?: string[];
  mode?: DramMode;
  grid: Array<{ key: string; raw: unknown; where: string }>;
}

const listOf = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
const model = z.string().refine((m) => m in models, { message: `expected a model: ${Object.keys(models).join(', ')}` });
const rule = z.string().refine(
  (r) => {
    try {
      parseRuleChoice(r);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a rule: bp, fa, dfa, kp, as[:k], asap[:k] (k = 2 or 4)' },
);

export const sweepFileSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[\w.-]+$/, 'expected letters, digits, "_", "." or "-"')
    .optional(),
  /** The base arch config, relative to the sweep file. */
  arch: z.string().min(1).optional(),
  models: listOf(model).optional(),
  input: z
    .string()
    .refine((i) => i in inputs, { message: `expected an input: ${Object.keys(inputs).join(', ')}` })
    .optional(),
  batch: listOf(z.number().int().positive()).optional(),
  width: z.number().positive().optional(),
  rules: listOf(rule).optional(),
  mode: z.enum(DRAM_MODES).optional(),
  /** Swept arch keys by dotted path: a list, a value, or "lo..hi" (powers of two). */
  grid: z.record(z.string(), z.unknown()).optional(),
});

/** Reads and validates a sweep file; paths in it are relative to the file. */
export function readSweepFile(file: string): SweepInput {
  if (!existsSync(file)) throw new UserError(`${file}: sweep file not found`);
  const { data, root, counter } = parseConfigText(readFileSync(file, 'utf8'), file);
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new UserError(`${file}: expected a mapping of keys (arch, models, batch, rules, grid, ...)`);
  const v = validate(sweepFileSchema, data, file, root, counter);
  return {
    ...v,
    arch: v.arch === undefined ? undefined : resolve(dirname(file), v.arch),
    grid: Object.entries(v.grid ?? {}).map(([key, raw]) => {
      const line = lineOf(root, ['grid', key], counter, true);
      return { key, raw, where: `${file}${line ? `:${line}` : ''}` };
    }),
  };
}

export function sweepHash(d: SweepDescription): string {
  // Paths and the name do not change results (shards on other machines see other paths): leave them out.
  const identity = {
    version: VERSION,
    arch: d.arch.hash,
    models: d.models,
    input: d.input,
    batches: d.batches,
    width: d.width,
    rules: d.rules,
    axes: d.axes,
    mode: d.mode ?? null,
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
}

/** Every point in the fixed order: model, batch, then the swept keys in the order given, the rule fastest. */
export function enumeratePoints(d: SweepDescription): SweepPoint[] {
  let combos: Array<Record<string, GridValue>> = [{}];
  for (const axis of d.axes) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.key]: v })));
  const points: SweepPoint[] = [];
  for (const model of d.models)
    for (const batch of d.batches)
      for (const values of combos)
        for (const rule of d.rules)
          points.push({ index: points.length, key: JSON.stringify([model, batch, rule, ...d.axes.map((a) => values[a.key])]), model, batch, rule, values });
  return points;
}

/** Builds the runnable sweep: loads the base arch, expands and checks every swept value against the schema. */
export function buildSweep(input: SweepInput, defaultArch: string, defaultName: () => string): Sweep {
  const base = loadArch(input.arch ?? defaultArch);
  const raw = parseConfigText(base.text, base.file).data;
  const axes: SweepAxis[] = [];
  const whereOf = new Map<string, string>();
  for (const g of input.grid) {
    let values: GridValue[];
    try {
      values = [...new Map(expandValues(g.raw).map((v) => [JSON.stringify(v), v])).values()];
    } catch (e) {
      throw new UserError(`${g.where}: ${g.key}: ${(e as Error).message}`);
    }
    const existing = axes.findIndex((a) => a.key === g.key);
    if (existing >= 0) axes[existing] = { key: g.key, values };
    else axes.push({ key: g.key, values });
    whereOf.set(g.key, g.where);
  }
  const rules = [...new Set((input.rules ?? ['bp', 'asap:2']).map((r) => parseRuleChoice(r).label))];
  const description: SweepDescription = {
    name: input.name ?? defaultName(),
    arch: { file: base.file, hash: base.hash, text: base.text, name: base.config.name },
    models: [...new Set(input.models ?? ['resnet18'])],
    input: input.input ?? 'cifar10',
    batches: [...new Set(input.batch ?? [128])],
    width: input.width ?? 1,
    rules,
    axes,
    mode: input.mode,
  };
  // Every combination is derived and validated now, so a bad value stops the sweep before any work.
  const archs = new Map<string, LoadedArch>();
  const comboKey = (values: Record<string, GridValue>) => JSON.stringify(axes.map((a) => values[a.key]));
  const points = enumeratePoints(description);
  for (const p of points) {
    const k = comboKey(p.values);
    if (!archs.has(k))
      archs.set(
        k,
        deriveArch(base, raw, p.values, (key) => whereOf.get(key) ?? 'sweep'),
      );
  }
  return {
    description,
    hash: sweepHash(description),
    points,
    archFor: (values) => archs.get(comboKey(values)) ?? deriveArch(base, raw, values, () => 'sweep'),
  };
}

/** "i/n" (0 <= i < n): the points whose index is i modulo n. Round robin spreads cheap and costly points evenly. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count)
    throw new UserError(`--shard: expected i/n with 0 <= i < n (e.g. 0/4, the first of four; $SLURM_ARRAY_TASK_ID/4), got "${text}"`);
  return { index, count };
}

export function shardPoints<T extends { index: number }>(points: T[], shard?: { index: number; count: number }): T[] {
  return shard ? points.filter((p) => p.index % shard.count === shard.index) : points;
}
