// A scheduler picks, for one channel, the command to issue next and the earliest cycle it may issue,
// writing it with ctl.setBest. The controller calls `choose` whenever the channel's state changed, and
// `onAdmit` when only one request joined (so a scheduler can update its choice without a full scan).
import type { Controller } from '../controller.ts';

export interface Scheduler {
  readonly name: string;
  choose(ctl: Controller, ch: number, floor: number): void;
  onAdmit(ctl: Controller, ch: number, bank: number, slot: number): void;
}
