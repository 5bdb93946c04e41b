// The arch config's ASAP knobs (snake_case YAML keys) as the step program takes them.
import type { ArchConfig } from '../arch/schema.ts';
import type { AsapKnobs } from '../trace/schema.ts';

export function asapKnobsOf(arch: ArchConfig): AsapKnobs {
  return { sharedStash: arch.asap.shared_stash, feedbackUpdate: arch.asap.feedback_update, shareSchedule: arch.asap.share_schedule };
}
