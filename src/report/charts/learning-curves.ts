// Learning curves per rule from training metrics: accuracy and loss against epoch, one panel each, colour
// by rule (the rule's colour everywhere) and dash by split. Reads the engine's metrics.jsonl (a "run" line
// naming the rule, then one "epoch" line per epoch with train/test loss and accuracy) or plain records
// {epoch, rule, split, accuracy, loss}, one JSON object per line.
import { existsSync, readFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import type { EpochMetrics } from '../../engine/metrics.ts';
import { writeFileAtomic } from '../../util/atomic.ts';
import { UserError } from '../../util/errors.ts';
import { cellWidth, chartPresets, facetFrame, legendFor, type ChartPreset } from './style.ts';
import type { Chart } from './compare.ts';
import { ruleScale } from './palette.ts';

export interface CurveRecord {
  epoch: number;
  rule: string;
  split: string;
  accuracy: number;
  loss: number;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function readMetricsFile(file: string): CurveRecord[] {
  if (!existsSync(file)) throw new UserError(`${file}: metrics file not found`);
  const out: CurveRecord[] = [];
  let rule: string | undefined;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new UserError(`${file}:${i + 1}: not JSON (expected a metrics line)`);
      }
      if (o.type === 'run') rule = typeof o.rule === 'string' ? o.rule : undefined;
      else if (o.type === 'epoch') {
        if (!rule) throw new UserError(`${file}:${i + 1}: epoch line before the "run" line that names the rule`);
        if (!isNum(o.epoch) || !isNum(o.trainAcc) || !isNum(o.testAcc) || !isNum(o.trainLoss) || !isNum(o.testLoss))
          throw new UserError(`${file}:${i + 1}: epoch line: expected numbers epoch, trainAcc, testAcc, trainLoss, testLoss`);
        out.push(
          { epoch: o.epoch, rule, split: 'train', accuracy: o.trainAcc, loss: o.trainLoss },
          { epoch: o.epoch, rule, split: 'test', accuracy: o.testAcc, loss: o.testLoss },
        );
      } else if (isNum(o.epoch) && typeof o.rule === 'string' && typeof o.split === 'string' && isNum(o.accuracy) && isNum(o.loss)) {
        out.push({ epoch: o.epoch, rule: o.rule, split: o.split, accuracy: o.accuracy, loss: o.loss });
      } else throw new UserError(`${file}:${i + 1}: expected an engine metrics line (type run/epoch) or {epoch, rule, split, accuracy, loss}`);
    });
  return out;
}

export function learningCurves(records: CurveRecord[], preset: ChartPreset, producedBy: string): Chart {
  const rules = [...new Set(records.map((r) => r.rule))];
  const title = 'Learning curves';
  const width = cellWidth(preset, 2, 110);
  return {
    name: 'learning-curves',
    title,
    spec: {
      ...facetFrame(preset, { title, description: `training metrics of ${rules.join(', ')}; ${producedBy}` }),
      data: { values: records },
      transform: [{ fold: ['accuracy', 'loss'], as: ['metric', 'value'] }],
      facet: { column: { field: 'metric', type: 'nominal', title: null, header: { labelExpr: "datum.value == 'accuracy' ? 'accuracy (%)' : 'loss'" } } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width,
        height: Math.round(width * 0.8),
        mark: { type: 'line', point: { size: preset.paper ? 10 : 24, filled: true }, tooltip: true, strokeWidth: preset.paper ? 1 : 1.5 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
          y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
          color: { field: 'rule', type: 'nominal', title: 'rule', scale: ruleScale(rules), legend: legendFor(preset, rules) },
          // Train solid with dots, test dashed with squares: told apart in grey print too.
          strokeDash: {
            field: 'split',
            type: 'nominal',
            title: 'split',
            scale: {
              domain: ['train', 'test'],
              range: [
                [1, 0],
                [4, 2],
              ],
            },
            legend: legendFor(preset, ['train', 'test']),
          },
          shape: {
            field: 'split',
            type: 'nominal',
            title: 'split',
            scale: { domain: ['train', 'test'], range: ['circle', 'square'] },
            legend: legendFor(preset, ['train', 'test']),
          },
        },
      },
    } as unknown as TopLevelSpec,
  };
}

/** The epochs as the report's learning-curve records (train and test per epoch, accuracy in %). */
export function curveRecords(rows: EpochMetrics[], rule: string): CurveRecord[] {
  return rows.flatMap((r) => [
    { epoch: r.epoch, rule, split: 'train', accuracy: r.trainAcc, loss: r.trainLoss },
    { epoch: r.epoch, rule, split: 'test', accuracy: r.testAcc, loss: r.testLoss },
  ]);
}

/** The report's learning-curve chart for one run, as a Vega-Lite spec. */
export function writeLearningCurve(path: string, rows: EpochMetrics[], rule: string, producedBy: string): void {
  const chart = learningCurves(curveRecords(rows, rule), chartPresets.screen, producedBy);
  writeFileAtomic(path, JSON.stringify(chart.spec, null, 2) + '\n');
}
