// Feedback alignment: error B^T δ with B fixed and random, independent of W; ΔW from the own input.
import type { Rule } from './rule.ts';

export const fa: Rule = { name: 'fa', summary: 'feedback alignment', layout: 'standard', stem: 'fa', body: 'fa', classifier: 'fa', direct: false };
