// The per-layer chart's x order: every run's layers in execution order, a layer only one rule has placed
// after the layer it follows in that rule's run (not appended at the end, which drew ASAP's layers last).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layerOrder } from '../../src/report/charts/compare.ts';
import { measuredWidth } from '../../src/report/render/text-metrics.ts';

test('layerOrder merges runs in execution order', () => {
  assert.deepEqual(
    layerOrder([
      ['conv1', 'bn1', 'relu1', 'fc'],
      ['conv1', 'bn1', 'relu1', 'relu1.out', 'fc'],
    ]),
    ['conv1', 'bn1', 'relu1', 'relu1.out', 'fc'],
  );
  assert.deepEqual(
    layerOrder([
      ['a', 'b'],
      ['x', 'a', 'b', 'y'],
    ]),
    ['x', 'a', 'b', 'y'],
  );
  assert.deepEqual(layerOrder([]), []);
});

test('text is measured with DejaVu Sans: narrower than 0.8 em per character, wider for bold, proportional to size', () => {
  const w = measuredWidth('saved activations', 8);
  if (w === undefined) return; // no DejaVu fonts here: layouts use Vega's estimate
  assert.ok(w > 17 * 8 * 0.4 && w < 17 * 8 * 0.8, String(w));
  assert.ok(measuredWidth('saved activations', 8, true)! > w);
  assert.ok(Math.abs(measuredWidth('saved activations', 16)! - 2 * w) < 1e-9);
});
