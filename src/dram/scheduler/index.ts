// Schedulers by config name, typed so the compiler checks the table is complete.
import type { SchedulerFactory } from './scheduler.ts';
import { frFcfs } from './fr-fcfs.ts';
import { fcfs } from './fcfs.ts';
import { inputError } from '../../util/errors.ts';

export type SchedulerName = 'fr-fcfs' | 'fcfs';

const schedulers: Record<SchedulerName, SchedulerFactory> = {
  'fr-fcfs': frFcfs,
  fcfs,
};

export function schedulerNames(): SchedulerName[] {
  return Object.keys(schedulers) as SchedulerName[];
}

export function schedulerFactory(name: string): SchedulerFactory {
  const key = name.toLowerCase();
  if (!Object.hasOwn(schedulers, key)) throw inputError('--set scheduler', name, `one of ${schedulerNames().join(', ')}`);
  return schedulers[key as SchedulerName];
}

export { RESCAN, ADMITTED, type Scheduler, type SchedulerContext, type SchedulerFactory, type ChooseBasis } from './scheduler.ts';
