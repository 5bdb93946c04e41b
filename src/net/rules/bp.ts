// Backpropagation: error W^T δ, ΔW from each layer's own input.
import type { Rule } from './rule.ts';

export const bp: Rule = { name: 'bp', summary: 'backpropagation', layout: 'standard', stem: 'bp', body: 'bp', classifier: 'bp', direct: false };
