// Per-epoch metrics as JSON Lines (one object per epoch) and the learning-curve Vega-Lite chart
// (train/test accuracy and loss against epoch, data inlined so the spec renders on its own).
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

export function learningCurveSpec(rows: EpochMetrics[], title: string): object {
  const values = rows.flatMap((r) => [
    { epoch: r.epoch, split: 'train', metric: 'accuracy (%)', value: r.trainAcc },
    { epoch: r.epoch, split: 'test', metric: 'accuracy (%)', value: r.testAcc },
    { epoch: r.epoch, split: 'train', metric: 'loss', value: r.trainLoss },
    { epoch: r.epoch, split: 'test', metric: 'loss', value: r.testLoss },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 260,
      height: 180,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative' },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'split', type: 'nominal' },
      },
    },
  };
}

export function writeMetrics(path: string, rows: EpochMetrics[], header: Record<string, unknown>): void {
  writeFileAtomic(path, metricsJsonl(rows, header));
}

export function writeLearningCurve(path: string, rows: EpochMetrics[], title: string): void {
  writeFileAtomic(path, JSON.stringify(learningCurveSpec(rows, title), null, 2) + '\n');
}
