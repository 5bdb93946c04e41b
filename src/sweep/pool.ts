// Runs sweep points on worker threads, at most `jobs` at once, handing each finished point to `onDone` in
// the main thread (which alone writes the results file). Each worker takes the next point when it finishes
// one, so uneven point costs balance themselves. jobs = 1 runs in-process, without threads.
// Compiled (dist/), a worker runs worker.js; from the TypeScript sources, each worker bootstraps tsx's loader
// in its own thread before importing worker.ts.
import { Worker } from 'node:worker_threads';
import { UserError } from '../util/errors.ts';
import { runPoint, type PointTask } from './point.ts';
import type { PointResult } from './results.ts';
import type { ResultMessage, TaskMessage } from './worker.ts';

export type OnPointDone = (taskIndex: number, result: PointResult, ms: number) => void;

function startWorker(): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./worker.js', import.meta.url));
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}

function toError(e: { message: string; stack?: string; exitCode?: 1 | 2 }): Error {
  if (e.exitCode) return new UserError(e.message, e.exitCode);
  const err = new Error(e.message);
  err.stack = e.stack;
  return err;
}

export async function runPool(tasks: PointTask[], jobs: number, onDone: OnPointDone): Promise<void> {
  if (tasks.length === 0) return;
  if (jobs <= 1) {
    for (let i = 0; i < tasks.length; i++) {
      const t0 = performance.now();
      const result = runPoint(tasks[i]);
      onDone(i, result, performance.now() - t0);
      // Let signals, timers and the progress bar run between points.
      await new Promise((r) => setImmediate(r));
    }
    return;
  }
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, startWorker);
  let next = 0;
  let running = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (e: Error) => {
        if (!failed) reject(e);
        failed = true;
      };
      const feed = (w: Worker) => {
        if (failed) return;
        if (next >= tasks.length) {
          if (running === 0) resolve();
          return;
        }
        const id = next++;
        running++;
        w.postMessage({ id, task: tasks[id] } satisfies TaskMessage);
      };
      for (const w of workers) {
        w.on('message', (m: ResultMessage<PointResult>) => {
          running--;
          if ('error' in m) return fail(toError(m.error));
          try {
            onDone(m.id, m.result, m.ms);
          } catch (e) {
            return fail(e as Error);
          }
          feed(w);
        });
        w.on('error', (e: Error) => fail(e));
        w.on('exit', (code) => {
          if (code !== 0) fail(new Error(`sweep worker exited with code ${code}`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
