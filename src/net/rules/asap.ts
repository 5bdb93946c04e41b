// Activation sharing with asymmetric paths: error B^T δ, ΔW from the shared activation, ΔB = ΔW.
import type { Rule } from './rule.ts';

export const asap: Rule = {
  name: 'asap',
  summary: 'activation sharing with asymmetric paths',
  layout: 'asap',
  stem: 'frozen',
  body: 'asap',
  classifier: 'fa',
  direct: false,
};
