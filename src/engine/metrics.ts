// Per-epoch metrics as JSON Lines (one object per epoch) and the learning-curve Vega-Lite chart
// (train/test accuracy and loss against epoch, data inlined so the spec renders on its own).
import { chartPresets } from '../report/chart-style.ts';
import { learningCurves, type CurveRecord } from '../report/learning-curves.ts';
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
}

export function metricsJsonl(rows: EpochMetrics[], header: Record<string, unknown>): string {
  return [JSON.stringify({ type: 'run', ...header }), ...rows.map((r) => JSON.stringify({ type: 'epoch', ...r }))].join('\n') + '\n';
}

/** The epochs as the report's learning-curve records (train and test per epoch, accuracy in %). */
export function curveRecords(rows: EpochMetrics[], rule: string): CurveRecord[] {
  return rows.flatMap((r) => [
    { epoch: r.epoch, rule, split: 'train', accuracy: r.trainAcc, loss: r.trainLoss },
    { epoch: r.epoch, rule, split: 'test', accuracy: r.testAcc, loss: r.testLoss },
  ]);
}

export function writeMetrics(path: string, rows: EpochMetrics[], header: Record<string, unknown>): void {
  writeFileAtomic(path, metricsJsonl(rows, header));
}

/** The report's learning-curve chart (src/report/learning-curves.ts) for one run, as a Vega-Lite spec. */
export function writeLearningCurve(path: string, rows: EpochMetrics[], rule: string, producedBy: string): void {
  const chart = learningCurves(curveRecords(rows, rule), chartPresets.screen, producedBy);
  writeFileAtomic(path, JSON.stringify(chart.spec, null, 2) + '\n');
}
