// Worker-thread entry of a sweep: runs the points it is sent, one at a time, and posts each result back.
// A point's error travels back as a message (with whether it is the user's to fix) instead of killing the thread.
import { parentPort } from 'node:worker_threads';
import { UserError } from '../util/errors.ts';
import { runPoint, type PointTask } from './point.ts';

export interface TaskMessage {
  id: number;
  task: PointTask;
}

export type ResultMessage<R> = { id: number; result: R; ms: number } | { id: number; error: { message: string; stack?: string; exitCode?: 1 | 2 } };

parentPort?.on('message', (msg: TaskMessage) => {
  const t0 = performance.now();
  try {
    const result = runPoint(msg.task);
    parentPort!.postMessage({ id: msg.id, result, ms: performance.now() - t0 } satisfies ResultMessage<unknown>);
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({
      id: msg.id,
      error: { message: err.message, stack: err.stack, exitCode: e instanceof UserError ? e.exitCode : undefined },
    } satisfies ResultMessage<unknown>);
  }
});
