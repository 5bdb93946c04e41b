// asapsim grad writes what its help promises: every parameter gradient, a `<layer>.feedback.grad` for each
// learned B (KP/ASAP: ΔB = ΔW, so equal to the weight's gradient) and none for a fixed FA B.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { readSafetensors, writeSafetensors } from '../../src/engine/safetensors.ts';
import { Prng } from '../../src/util/prng.ts';

test('grad: learned B gradients under KP, none under FA', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-grad-'));
  const rng = new Prng(4);
  const batch = join(dir, 'batch.safetensors');
  writeSafetensors(
    batch,
    new Map([
      ['input', { dtype: 'F32' as const, shape: [4, 1, 12, 12], data: Float32Array.from({ length: 4 * 144 }, () => rng.normal()) }],
      ['label', { dtype: 'F32' as const, shape: [4], data: new Float32Array([0, 1, 2, 3]) }],
    ]),
  );
  const out = (rule: string) => join(dir, `${rule}.safetensors`);
  for (const rule of ['kp', 'fa']) {
    const code = await main([
      'node',
      'asapsim',
      'grad',
      '--model',
      'convnet',
      '--rule',
      rule,
      '--width',
      '0.03125',
      '--batch-file',
      batch,
      '-o',
      out(rule),
      '--backend',
      'cpu',
    ]);
    assert.equal(code, 0, `${rule}: exit code`);
  }
  const kp = readSafetensors(out('kp')).tensors;
  for (const layer of ['conv1', 'conv2', 'conv3', 'fc1', 'fc2', 'fc3']) {
    const dB = kp.get(`${layer}.feedback.grad`);
    const dW = kp.get(`${layer}.weight.grad`)!;
    assert.ok(dB, `kp: ${layer}.feedback.grad present`);
    assert.deepEqual(dB.shape, dW.shape);
    assert.deepEqual(Array.from(dB.data as Float32Array), Array.from(dW.data as Float32Array), `kp: ${layer} ΔB = ΔW`);
  }
  const fa = readSafetensors(out('fa')).tensors;
  assert.ok(fa.has('conv2.weight.grad'));
  assert.deepEqual(
    [...fa.keys()].filter((k) => k.endsWith('.feedback.grad')),
    [],
    'fa: B is fixed, no gradient',
  );
});
