// Per-epoch metrics as JSON Lines (one object per epoch). The learning-curve chart drawn from them is the
// report's (src/report/charts/learning-curves.ts): the engine writes data only.
import { writeFileAtomic } from '../util/atomic.ts';
import type { LayerAlignment } from './alignment.ts';

export interface EpochMetrics {
  epoch: number;
  lr: number;
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
  imagesPerSecond: number;
  seconds: number;
  alignment?: LayerAlignment[];
  /** Frobenius norm of every conv/linear weight (and B) at the end of the epoch. */
  weightNorms?: Record<string, number>;
}

export function metricsJsonl(rows: EpochMetrics[], header: Record<string, unknown>): string {
  return [JSON.stringify({ type: 'run', ...header }), ...rows.map((r) => JSON.stringify({ type: 'epoch', ...r }))].join('\n') + '\n';
}

export function writeMetrics(path: string, rows: EpochMetrics[], header: Record<string, unknown>): void {
  writeFileAtomic(path, metricsJsonl(rows, header));
}
