// Per-layer alignment by function: BP's stride-2 block (layer2.0) faces ASAP's (layer1.2) at the same conv
// sequence index, and every DRAM byte of a run lands in exactly one unit or the pseudo-layers group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadArch } from '../../src/arch/loader.ts';
import { compare } from '../../src/analysis/compare.ts';
import { alignLayers } from '../../src/analysis/explain/align.ts';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { dramTotal } from '../../src/sim/stats.ts';

test('ResNet-18 BP and ASAP layers align by conv sequence index and conserve bytes', () => {
  const r = compare({
    model: 'resnet18',
    rules: [parseRuleChoice('bp'), parseRuleChoice('asap:2')],
    batch: 2,
    inputShape: [3, 32, 32],
    classes: 10,
    width: 0.125,
    arch: loadArch('arch-configs/edge.yaml'),
  });
  const units = alignLayers(r.runs);
  // conv1, 16 block convs, 3 shortcuts, fc = 21 weighted layers, plus the pseudo-layers group
  assert.equal(units.length, 22);
  const stride2 = units.find((u) => u.byRule[0].layer === 'layer2.0.conv1')!;
  assert.equal(stride2.byRule[1].layer, 'layer1.2.conv1');
  assert.equal(units.find((u) => u.byRule[0].layer === 'layer2.0.shortcut')!.byRule[1].layer, 'layer1.2.shortcut');
  assert.equal(units.at(-1)!.stage, 'pseudo-layers');
  r.runs.forEach((run, j) =>
    assert.equal(
      units.reduce((a, u) => a + u.byRule[j].dramBytes, 0),
      dramTotal(run.totals),
      run.trace.label,
    ),
  );
});
