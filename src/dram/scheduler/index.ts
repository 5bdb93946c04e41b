// Schedulers by config name.
import type { Scheduler } from './scheduler.ts';
import { frFcfs } from './fr-fcfs.ts';
import { fcfs } from './fcfs.ts';
import { inputError } from '../../util/errors.ts';

const schedulers = new Map<string, Scheduler>([
  [frFcfs.name, frFcfs],
  [fcfs.name, fcfs],
]);

export function schedulerNames(): string[] {
  return [...schedulers.keys()];
}

export function createScheduler(name: string): Scheduler {
  const s = schedulers.get(name.toLowerCase());
  if (!s) throw inputError('--set scheduler', name, `one of ${schedulerNames().join(', ')}`);
  return s;
}

export type { Scheduler } from './scheduler.ts';
