// Learning curves read the engine's own metrics.jsonl (written by its metricsJsonl) and plain records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricsJsonl } from '../../src/engine/metrics.ts';
import { readMetricsFile } from '../../src/report/charts/learning-curves.ts';

test('metrics files: the engine format, plain records, and a one-line error naming file:line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-metrics-'));
  const engine = join(dir, 'metrics.jsonl');
  writeFileSync(
    engine,
    metricsJsonl([{ epoch: 1, lr: 0.1, trainLoss: 2, trainAcc: 30, testLoss: 1.9, testAcc: 35, imagesPerSecond: 100, seconds: 1 }], {
      rule: 'asap(k=2)',
      model: 'convnet',
    }),
  );
  assert.deepEqual(readMetricsFile(engine), [
    { epoch: 1, rule: 'asap(k=2)', split: 'train', accuracy: 30, loss: 2 },
    { epoch: 1, rule: 'asap(k=2)', split: 'test', accuracy: 35, loss: 1.9 },
  ]);
  const plain = join(dir, 'plain.jsonl');
  writeFileSync(plain, '{"epoch":2,"rule":"bp","split":"test","accuracy":91.5,"loss":0.3}\n');
  assert.equal(readMetricsFile(plain)[0].accuracy, 91.5);
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"epoch":2,"rule":"bp"}\n');
  assert.throws(() => readMetricsFile(bad), /bad\.jsonl:1: expected an engine metrics line/);
});
