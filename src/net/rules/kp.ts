// Kolen-Pollack: error B^T δ; B receives the same update as W (ΔB = ΔW, same weight decay), so B → W.
import type { Rule } from './rule.ts';

export const kp: Rule = { name: 'kp', summary: 'Kolen-Pollack', layout: 'standard', stem: 'kp', body: 'kp', classifier: 'kp', direct: false };
