// FCFS: the oldest queued request (of the current read/write drain mode) is served first and alone; its
// next command (PRE, ACT or the column access) issues as soon as timing allows. No reordering, except
// that a bank whose row was opened for a request of the other queue serves that request first.
import { NOTHING_CHOSEN, type Choice } from '../state/choice.ts';
import { NO_CLAIM } from '../state/banks.ts';
import type { QueueKind } from '../state/queues.ts';
import { RequestCommand } from './request-command.ts';
import { ADMITTED, type ChooseBasis, type Scheduler, type SchedulerContext } from './scheduler.ts';

export function fcfs(ctx: SchedulerContext): Scheduler {
  const q = ctx.queues;
  const g = ctx.geometry;
  const next = new RequestCommand(ctx);
  return {
    name: 'fcfs',
    choose(ch: number, drain: QueueKind, rowFloor: number, colFloor: number, basis: ChooseBasis, out: Choice): void {
      // a newcomer is the youngest request: it changes the choice only if nothing was chosen
      if (basis === ADMITTED && out.slot[ch] !== NOTHING_CHOSEN) return;
      const b0 = ch * g.banksPerCh;
      let bs = -1;
      let bb = -1;
      let bk = drain;
      for (let b = b0; b < b0 + g.banksPerCh; b++) {
        const claim = next.claimOutside(drain, b);
        const s = claim !== NO_CLAIM ? claim : q.head[drain * q.banks + b];
        if (s >= 0 && (bs < 0 || q.seq[s] < q.seq[bs])) {
          bs = s;
          bb = b;
          bk = claim !== NO_CLAIM ? next.claimQueue(b) : drain;
        }
      }
      if (bs >= 0 && next.at(bk, bb, bs, rowFloor, colFloor)) out.set(ch, next.earliest, bb, next.cmd, bs, next.isColumn);
    },
  };
}
