// Presets by name. Each preset file registers itself; `index.ts` imports them all.
import type { DramSpec } from '../spec.ts';

const presets = new Map<string, DramSpec>();

export function registerPreset(spec: DramSpec): DramSpec {
  presets.set(spec.name.toLowerCase(), spec);
  return spec;
}
export function findPreset(name: string): DramSpec | undefined {
  return presets.get(name.toLowerCase());
}
export function allPresets(): DramSpec[] {
  return [...presets.values()];
}
