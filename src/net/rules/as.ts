// Activation sharing with weight transport (the official code's --wt): error W^T δ, ΔW from the shared
// activation of the ASAP layout; frozen first conv, FA classifier, as the official code.
import type { Rule } from './rule.ts';

export const as: Rule = {
  name: 'as',
  summary: 'activation sharing (weight transport)',
  layout: 'asap',
  stem: 'frozen',
  body: 'as',
  classifier: 'fa',
  direct: false,
};
