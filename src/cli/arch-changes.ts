// compare's --stash, --dtype and --set key=value: the arch config with those changes, validated as a
// config file is (a sweep's --set takes lists and ranges; here each key takes one value).
import { deriveArch, type ConfigValue } from '../arch/derive.ts';
import { parseConfigText, type LoadedArch } from '../arch/loader.ts';
import { defaultDtypes, stashPolicies } from '../trace/stash.ts';
import type { ElementType } from '../trace/schema.ts';
import { parseSetFlag } from '../sweep/values.ts';
import { UserError } from '../util/errors.ts';

export interface ArchChangeFlags {
  set: string[];
  stash?: string;
  dtype?: string;
}

/** The arch config with --stash, --dtype and then each --set applied; each bad value named by its flag. */
export function changedArch(base: LoadedArch, flags: ArchChangeFlags): LoadedArch {
  const changes: Record<string, ConfigValue> = {};
  const where: Record<string, string> = {};
  if (flags.stash !== undefined) {
    if (!(flags.stash in stashPolicies)) throw new UserError(`--stash: expected one of ${Object.keys(stashPolicies).join(', ')}, got "${flags.stash}"`);
    changes.stash = flags.stash;
    where.stash = '--stash';
  }
  if (flags.dtype !== undefined) {
    const valueTypes = ['fp32', 'bf16', 'fp16', 'int8'];
    if (!valueTypes.includes(flags.dtype)) throw new UserError(`--dtype: expected one of ${valueTypes.join(', ')}, got "${flags.dtype}"`);
    const dtype = flags.dtype as ElementType;
    // The roles defaultDtypes gives the value type (not labels, masks or indices).
    const policy = stashPolicies[(changes.stash as string) ?? base.config.stash];
    for (const [role, t] of Object.entries(defaultDtypes(policy, dtype)))
      if (t === dtype) {
        changes[`dtypes.${role}`] = dtype;
        where[`dtypes.${role}`] = '--dtype';
      }
  }
  for (const text of flags.set) {
    let parsed: { key: string; values: ConfigValue[] };
    try {
      parsed = parseSetFlag(text);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    if (parsed.values.length !== 1)
      throw new UserError(`--set ${parsed.key}: takes one value here (${parsed.values.length} given); a grid of values is asapsim sweep --set "${text}"`);
    changes[parsed.key] = parsed.values[0];
    where[parsed.key] = `--set ${parsed.key}`;
  }
  if (Object.keys(changes).length === 0) return base;
  return deriveArch(base, parseConfigText(base.text, base.file).data, changes, (key) => where[key] ?? '--set');
}
