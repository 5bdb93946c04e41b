// mathjs's unit parser, built on first use from only the factories `unit` depends on (mathjs's documented
// custom-bundle route: create(unitDependencies)). Importing mathjs itself builds its whole function table,
// about a second of CPU; the unit-only instance costs about a third of that, and commands that parse no
// quantity (every --help, --version) pay nothing. The factories are reached by file path because the
// package's entry builds the full instance on import; if a mathjs release moves them, the full one is used.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Unit } from 'mathjs';

export type { Unit };

type UnitFn = (text: string) => Unit;
let parse: UnitFn | undefined;

function unitOnly(): UnitFn {
  const require = createRequire(import.meta.url);
  try {
    const lib = dirname(require.resolve('mathjs'));
    const { create } = require(join(lib, 'core/create.js')) as typeof import('mathjs');
    const { unitDependencies } = require(join(lib, 'entry/dependenciesAny/dependenciesUnitFunction.generated.js')) as typeof import('mathjs');
    return create({ unitDependencies }).unit as UnitFn;
  } catch {
    return (require('mathjs') as typeof import('mathjs')).unit as UnitFn;
  }
}

/** mathjs's `unit(text)`: throws on text that is not a quantity. */
export function unit(text: string): Unit {
  parse ??= unitOnly();
  return parse(text);
}
