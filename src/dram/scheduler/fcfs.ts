// FCFS: the oldest queued request (of the current read/write drain mode) is served first and alone; its
// next command (PRE, ACT or the column access) issues as soon as timing allows. No reordering.
import type { Controller } from '../controller.ts';
import type { Scheduler } from './scheduler.ts';

export const fcfs: Scheduler = {
  name: 'fcfs',
  choose(ctl: Controller, ch: number, floor: number): void {
    const m = ctl.writeMode[ch];
    const b0 = ch * ctl.banksPerCh;
    let bs = -1;
    let bb = -1;
    for (let b = b0; b < b0 + ctl.banksPerCh; b++) {
      const s = ctl.head[m * ctl.NB + b];
      if (s >= 0 && (bs < 0 || ctl.sSeq[s] < ctl.sSeq[bs])) {
        bs = s;
        bb = b;
      }
    }
    if (bs >= 0 && ctl.evalSlot(m, bb, bs, floor)) ctl.setBest(ch, ctl.candE, bb, ctl.candCmd, bs, ctl.candCol);
  },
  onAdmit(ctl: Controller, ch: number): void {
    // a newcomer is the youngest request: it changes the choice only if it is the only one
    if (ctl.bestSlot[ch] < 0) ctl.dirty[ch] = 1;
  },
};
