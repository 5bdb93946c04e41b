// Runs a sweep into its results file: picks this shard's points, skips those the file already holds
// (--resume), runs the rest on the worker pool and appends each as it finishes. Starting over needs --force;
// resuming checks that the file belongs to the same sweep (hash) and the same shard.
import { existsSync } from 'node:fs';
import { flagHint, UserError } from '../util/errors.ts';
import { TOOL, VERSION } from '../util/version.ts';
import { runPool } from './pool.ts';
import type { PointTask } from './point.ts';
import { POINTS_VERSION, readResults, ResultsWriter, type HeaderLine, type PointLine } from './results.ts';
import { shardPoints, type Sweep, type SweepPoint } from './spec.ts';

export interface RunSweepOptions {
  file: string;
  resume: boolean;
  force: boolean;
  shard?: { index: number; count: number };
  jobs: number;
  command: string;
  /** Called before work starts (points to run) and after each point. */
  onStart?(todo: number, done: number): void;
  onPoint?(line: PointLine, finished: number): void;
  /**
   * Called on SIGINT or SIGTERM, after the points finished so far are safely in the file and before the
   * process dies of the signal: `saved` points of this shard's `selected` are in `file`.
   */
  onInterrupt?(s: { saved: number; selected: number; file: string; signal: NodeJS.Signals }): void;
}

export interface RunSweepOutcome {
  file: string;
  /** Points of this shard. */
  selected: number;
  skipped: number;
  ran: number;
}

function shardText(shard?: { index: number; count: number }): string | null {
  return shard ? `${shard.index}/${shard.count}` : null;
}

export function pointTask(sweep: Sweep, p: SweepPoint): PointTask {
  const d = sweep.description;
  return { model: p.model, input: d.input, batch: p.batch, width: d.width, rule: p.rule, arch: sweep.archFor(p.values), mode: d.mode };
}

export async function runSweep(sweep: Sweep, o: RunSweepOptions): Promise<RunSweepOutcome> {
  const selected = shardPoints(sweep.points, o.shard);
  const header: HeaderLine = {
    type: 'sweep',
    version: POINTS_VERSION,
    sweep: sweep.hash,
    total: sweep.points.length,
    shard: shardText(o.shard),
    description: sweep.description,
    producer: { tool: TOOL, version: VERSION, command: o.command },
  };
  let writer: ResultsWriter;
  const done = new Set<string>();
  if (existsSync(o.file) && o.resume && !o.force) {
    const existing = readResults(o.file);
    if (existing.header) {
      if (existing.header.sweep !== sweep.hash)
        throw new UserError(
          `${o.file}: holds the results of another sweep (${existing.header.sweep}, this one is ${sweep.hash}); pass ${flagHint('--force')} to start over or choose another --name`,
        );
      if (existing.header.shard !== header.shard)
        throw new UserError(
          `${o.file}: written by shard ${existing.header.shard ?? '(all)'}, not ${header.shard ?? '(all)'}; pass the same --shard or another results file`,
        );
      for (const p of existing.points) done.add(p.key);
      writer = ResultsWriter.append(o.file, existing.validBytes);
    } else writer = ResultsWriter.create(o.file, header);
  } else {
    if (existsSync(o.file) && !o.force)
      throw new UserError(`${o.file}: results file exists; pass ${flagHint('--resume')} to continue that sweep or ${flagHint('--force')} to start over`);
    writer = ResultsWriter.create(o.file, header);
  }
  const todo = selected.filter((p) => !done.has(p.key));
  o.onStart?.(todo.length, selected.length - todo.length);
  let finished = 0;
  // Every finished point is already fsynced (ResultsWriter), so an interrupt only has to say so; then the
  // signal is raised again, so the process still dies of it (util/cleanup.ts removes its temporaries).
  const onSignal = (signal: NodeJS.Signals) => {
    for (const s of signals) process.removeListener(s, onSignal);
    o.onInterrupt?.({ saved: selected.length - todo.length + finished, selected: selected.length, file: o.file, signal });
    process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const s of signals) process.on(s, onSignal);
  try {
    await runPool(
      todo.map((p) => pointTask(sweep, p)),
      o.jobs,
      (i, result, ms) => {
        const p = todo[i];
        const line: PointLine = {
          type: 'point',
          sweep: sweep.hash,
          index: p.index,
          key: p.key,
          point: { model: p.model, batch: p.batch, rule: p.rule, values: p.values },
          archHash: result.arch.hash,
          result,
          ms: Math.round(ms),
        };
        writer.write(line);
        o.onPoint?.(line, ++finished);
      },
    );
  } finally {
    for (const s of signals) process.removeListener(s, onSignal);
    writer.close();
  }
  return { file: o.file, selected: selected.length, skipped: selected.length - todo.length, ran: todo.length };
}
