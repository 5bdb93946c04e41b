// ASAP keeps fewer activation bytes than BP on ResNet-18, by a ratio derived here from the block structure
// alone (not from the program generator).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace } from '../helpers.ts';
import { stashPolicies } from '../../src/trace/stash.ts';

function keptConvInputs(events: ReturnType<typeof trace>['events']): number {
  const seen = new Set<string>();
  let bytes = 0;
  for (const e of events) {
    if (e.op !== 'conv2d.backward_weight' && e.op !== 'linear.backward_weight' && e.op !== 'share.match') continue;
    const a = e.reads.find((r) => r.role === 'saved_activation');
    if (a && !seen.has(a.id)) {
      seen.add(a.id);
      bytes += a.bytes;
    }
  }
  return bytes;
}

test('ResNet-18 conv inputs kept: BP keeps every conv input, ASAP k=2 one per block, k=4 one per two blocks', () => {
  const N = 8;
  const o = { batch: N, width: 1, inputShape: [3, 32, 32] as [number, number, number], stash: stashPolicies.compact };
  const bp = keptConvInputs(trace('resnet18', 'bp', o).events);
  const k2 = keptConvInputs(trace('resnet18', 'asap', o).events);
  const k4 = keptConvInputs(trace('resnet18', 'asap:4', o).events);
  const fp32 = 4;
  // BP, standard layout: stem input, then per block its input (conv1 and shortcut share it) and conv1's
  // output (conv2's input), then the FC input (512 features).
  const blocks = [
    [64, 64, 32, 32],
    [64, 64, 32, 32],
    [64, 128, 32, 16],
    [128, 128, 16, 16],
    [128, 256, 16, 8],
    [256, 256, 8, 8],
    [256, 512, 8, 4],
    [512, 512, 4, 4],
  ];
  let expectBp = 3 * 32 * 32 + 512;
  for (const [cin, cout, hin, hout] of blocks) expectBp += cin * hin * hin + cout * hout * hout;
  assert.equal(bp, N * fp32 * expectBp);
  // ASAP layout [3,2,2,1]: the stem is frozen; each block's input is the shared activation (k=2); the FC
  // (FA) still keeps its 512-feature input.
  const asapInputs = [
    [64, 32],
    [64, 32],
    [64, 32],
    [128, 16],
    [128, 16],
    [256, 8],
    [256, 8],
    [512, 4],
  ];
  const expectK2 = asapInputs.reduce((a, [c, h]) => a + c * h * h, 0) + 512;
  assert.equal(k2, N * fp32 * expectK2);
  // k=4: blocks 1,3,5,7 (0-based) keep the previous shared activation: only even blocks' inputs are kept.
  const expectK4 = asapInputs.filter((_, i) => i % 2 === 0).reduce((a, [c, h]) => a + c * h * h, 0) + 512;
  assert.equal(k4, N * fp32 * expectK4);
  assert.ok(k2 < bp && k4 < k2);
  const ratio = k2 / bp;
  assert.ok(Math.abs(ratio - expectK2 / expectBp) < 1e-12, `ratio ${ratio}`);
});

test('PyTorch stash policy: BP keeps 573.8 MiB and ASAP 572.3 MiB for CIFAR ResNet-18 at batch 128 (DESIGN.md)', () => {
  const o = { batch: 128, width: 1, inputShape: [3, 32, 32] as [number, number, number], stash: stashPolicies.pytorch };
  const kept = (rule: string) => {
    const { events } = trace('resnet18', rule, o);
    const ids = new Map<string, number>();
    for (const e of events)
      if (e.phase === 'backward')
        for (const r of e.reads) if (!r.persistent && ['saved_activation', 'bn_state', 'relu_mask', 'pool_index'].includes(r.role)) ids.set(r.id, r.bytes);
    return [...ids.values()].reduce((a, b) => a + b, 0) / 2 ** 20;
  };
  assert.equal(kept('bp').toFixed(1), '573.8');
  assert.equal(kept('asap').toFixed(1), '572.3');
});
