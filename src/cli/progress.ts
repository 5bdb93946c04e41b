// A progress bar on a terminal, silence elsewhere (CI, pipes, --json). The ETA is the wall time per item so
// far (all workers together) times the items left: honest for uneven items once a few are done, and it
// says "ETA after the first" until one is.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, label: string): void;
  stop(): void;
}

/** "1h 02m", "3m 20s", "12s". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** The ETA text after `done` of `total` items in `elapsedMs` (from when the first item started). */
export function eta(done: number, total: number, elapsedMs: number): string {
  if (done >= total) return 'done';
  if (done === 0) return 'ETA after the first';
  return `ETA ${duration((elapsedMs / done) * (total - done))}`;
}

export function progress(total: number, quiet = false): Progress {
  if (quiet || !process.stderr.isTTY || process.env.CI) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{bar} {value}/{total} {label} | {elapsed} elapsed, {eta}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const start = performance.now();
  const payload = (done: number, label: string) => ({ label, elapsed: duration(performance.now() - start), eta: eta(done, total, performance.now() - start) });
  bar.start(total, 0, payload(0, ''));
  return { update: (done, label) => bar.update(done, payload(done, label)), stop: () => bar.stop() };
}
