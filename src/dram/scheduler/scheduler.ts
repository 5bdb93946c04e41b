// The scheduler seam (as Ramulator 2's IScheduler): one method that looks at a channel's request queue
// and says which command to issue next and when. Schedulers keep whatever state they like (caches,
// counters) in their own objects, built by a factory from the controller's state.
//
// Contract of choose(ch, drain, rowFloor, colFloor, basis, out):
// - It reads the queue of `drain` (READS or WRITES) for channel ch, the bank rows and the device timing
//   in `ctx`, and writes into `out` (for channel ch) one command that serves a queued request (the
//   request's column access if its row is open, else the PRE of the open row, else its ACT), the bank,
//   the request slot, and the earliest cycle at which the device timing allows it and its command bus is
//   free: >= colFloor for a column access (RD, WR), >= rowFloor for PRE and ACT (the two are equal where
//   the channel has one command bus). It leaves
//   `out` as it is if no request can make progress.
// - It mutates nothing of the controller's state except clearing bits in ctx.changes; the controller
//   may call it any number of times, and the same state must give the same choice.
// - A request on a bank with refreshBlocked set may get only the column access that its own ACT opened
//   the row for (RequestCommand enforces this).
// - ctx.changes holds every bank whose queue, row, refresh or timing moved since the last call for ch.
// - basis RESCAN: `out` was cleared; choose from scratch. basis ADMITTED: only requests joined the queue
//   since the last call (their banks are marked); `out` holds the previous choice, still the best among
//   the unmarked banks, and the scheduler may just compare the marked banks against it.
import type { Geometry } from '../state/geometry.ts';
import type { TimingState } from '../state/timing-state.ts';
import type { BankState } from '../state/banks.ts';
import type { RequestQueues, QueueKind } from '../state/queues.ts';
import type { BankChanges } from '../state/changes.ts';
import type { Choice } from '../state/choice.ts';

export const RESCAN = 0;
export const ADMITTED = 1;
export type ChooseBasis = typeof RESCAN | typeof ADMITTED;

export interface SchedulerContext {
  readonly geometry: Geometry;
  readonly timing: TimingState;
  readonly banks: BankState;
  readonly queues: RequestQueues;
  readonly changes: BankChanges;
}

export interface Scheduler {
  readonly name: string;
  choose(ch: number, drain: QueueKind, rowFloor: number, colFloor: number, basis: ChooseBasis, out: Choice): void;
}

export type SchedulerFactory = (ctx: SchedulerContext) => Scheduler;
