import type { LearningMode } from '../graph.ts';

export type RuleName = 'bp' | 'fa' | 'dfa' | 'kp' | 'as' | 'asap';

/** A learning rule, as the models need to know it: which layout and which mode each layer group learns in. */
export interface Rule {
  name: RuleName;
  summary: string;
  /** 'asap' selects the model's activation-sharing layout (shared activations, frozen stem). */
  layout: 'standard' | 'asap';
  stem: LearningMode;
  body: LearningMode;
  classifier: LearningMode;
  /** Hidden errors come straight from the output error through fixed B_l (direct feedback alignment). */
  direct: boolean;
}
