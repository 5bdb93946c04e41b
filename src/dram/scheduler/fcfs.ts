// FCFS: the oldest queued request (of the current read/write drain mode) is served first and alone; its
// next command (PRE, ACT or the column access) issues as soon as timing allows. No reordering.
import { NOTHING_CHOSEN, type Choice } from '../state/choice.ts';
import type { QueueKind } from '../state/queues.ts';
import { RequestCommand } from './request-command.ts';
import { ADMITTED, type ChooseBasis, type Scheduler, type SchedulerContext } from './scheduler.ts';

export function fcfs(ctx: SchedulerContext): Scheduler {
  const q = ctx.queues;
  const g = ctx.geometry;
  const next = new RequestCommand(ctx);
  return {
    name: 'fcfs',
    choose(ch: number, drain: QueueKind, floor: number, basis: ChooseBasis, out: Choice): void {
      // a newcomer is the youngest request: it changes the choice only if nothing was chosen
      if (basis === ADMITTED && out.slot[ch] !== NOTHING_CHOSEN) return;
      const b0 = ch * g.banksPerCh;
      let bs = -1;
      let bb = -1;
      for (let b = b0; b < b0 + g.banksPerCh; b++) {
        const s = q.head[drain * q.banks + b];
        if (s >= 0 && (bs < 0 || q.seq[s] < q.seq[bs])) {
          bs = s;
          bb = b;
        }
      }
      if (bs >= 0 && next.at(drain, bb, bs, floor)) out.set(ch, next.earliest, bb, next.cmd, bs, next.isColumn);
    },
  };
}
