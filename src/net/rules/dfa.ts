// Direct feedback alignment: each hidden receiver point gets B_l·e from the output error e; the classifier
// gets the true gradient. Errors are never propagated layer to layer, so no backward-data op survives.
import type { Rule } from './rule.ts';

export const dfa: Rule = { name: 'dfa', summary: 'direct feedback alignment', layout: 'standard', stem: 'fa', body: 'fa', classifier: 'fa', direct: true };
