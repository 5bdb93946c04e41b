// Help that reads as a manual: defaults as one would type them (bp,asap:2, svg,png, arch-configs/edge.yaml),
// never as JSON or as this machine's absolute path; no "(default: false)" on switches; examples at the end.
import type { Command, Option } from 'commander';
import { relative } from 'node:path';

const packageRoot = new URL('../../', import.meta.url).pathname;

/** A default as the user would type it, or undefined when saying it adds nothing (false, [], {}). */
export function humanDefault(value: unknown): string | undefined {
  if (value === undefined || value === false || value === null) return undefined;
  if (Array.isArray(value)) {
    const parts = value.map(humanDefault).filter((p) => p !== undefined);
    return parts.length ? parts.join(',') : undefined;
  }
  if (typeof value === 'string') return value.startsWith(packageRoot) ? relative(packageRoot, value) : value;
  if (typeof value === 'object') {
    const typed = (value as { typed?: unknown; label?: unknown }).typed ?? (value as { label?: unknown }).label;
    return typeof typed === 'string' ? typed : undefined;
  }
  return String(value);
}

function optionDescription(option: Option): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(`one of ${option.argChoices.join(', ')}`);
  const shown = option.negate ? undefined : (option.defaultValueDescription ?? humanDefault(option.defaultValue));
  if (shown !== undefined && shown !== '') extra.push(`default: ${shown}`);
  return extra.length ? `${option.description} (${extra.join('; ')})` : option.description;
}

/** Applies to the program and every command registered after it. */
export function configureHelp(program: Command): Command {
  return program.configureHelp({ optionDescription, showGlobalOptions: false });
}

/** "Examples:" after the options, each a command line and what it does. */
export function addExamples(cmd: Command, examples: Array<[command: string, what: string]>): Command {
  const lines = examples.flatMap(([c, what]) => [`  ${what}:`, `    ${c}`]);
  return cmd.addHelpText('after', `\nExamples:\n${lines.join('\n')}\n`);
}
