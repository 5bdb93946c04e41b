// A real training step records exactly the shape-only trace, for every rule; two seeded runs give
// identical metrics and traces; a checkpoint round-trips through safetensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModel } from '../../src/net/models/index.ts';
import { StepProgram } from '../../src/net/program.ts';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { defaultDtypes, stashPolicies } from '../../src/trace/stash.ts';
import { loadCheckpoint, saveCheckpoint } from '../../src/engine/checkpoint.ts';
import { syntheticDataset } from '../../src/engine/data/synthetic.ts';
import { defaultOptimizer } from '../../src/engine/optimizer.ts';
import { TraceRecorder, realTraceHeader } from '../../src/engine/trace-recorder.ts';
import { train } from '../../src/engine/train.ts';
import { Network } from '../../src/engine/network.ts';
import { ready, relDiff } from './helpers.ts';

const small = syntheticDataset([1, 12, 12], 5, 64, 32, 4);
const square = syntheticDataset([1, 16, 16], 5, 32, 16, 4); // ResNet: spatial sizes halve evenly

async function run(rule: string, model = 'convnet', stash = 'compact') {
  const recorder = new TraceRecorder();
  const data = model === 'convnet' ? small : square;
  const r = await train({
    model,
    rule,
    width: 1 / 32,
    batch: 8,
    epochs: 2,
    seed: 9,
    optimizer: defaultOptimizer(),
    augment: true,
    data,
    stash,
    recorder,
    evalBatch: 16,
    alignment: true,
  });
  return { ...r, recorder };
}

for (const rule of ['bp', 'fa', 'dfa', 'kp', 'as', 'asap', 'asap:4']) {
  test(`real trace == shape-only trace: ${rule}`, async () => {
    await ready;
    for (const [model, shape, stash] of [
      ['convnet', [1, 12, 12], 'compact'],
      ['resnet18', [1, 16, 16], 'pytorch'],
    ] as const) {
      const { recorder, network } = await run(rule, model, stash);
      const policy = stashPolicies[stash];
      const graph = getModel(model).build({ batch: 8, inputShape: [...shape], classes: 5, width: 1 / 32, rule: parseRuleChoice(rule) });
      const shapeOnly = StepProgram.events(graph, { stash: policy, dtypes: defaultDtypes(policy) });
      assert.equal(JSON.stringify(recorder.events), JSON.stringify(shapeOnly));
      network.dispose();
    }
  });
}

test('two seeded runs: identical metrics and traces', async () => {
  await ready;
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-seed-'));
  const texts: { metrics: string; trace: string }[] = [];
  for (const i of [0, 1]) {
    const r = await run('asap');
    const file = join(dir, `t${i}.jsonl`);
    r.recorder.write(file, realTraceHeader(r.network, 'cpu'));
    r.network.dispose();
    texts.push({ metrics: JSON.stringify(r.epochs.map(({ seconds, imagesPerSecond, ...m }) => m)), trace: readFileSync(file, 'utf8') });
  }
  assert.equal(texts[0].metrics, texts[1].metrics);
  assert.equal(texts[0].trace, texts[1].trace);
});

test('checkpoint round trip', async () => {
  await ready;
  const r = await run('kp');
  const file = join(mkdtempSync(join(tmpdir(), 'asapsim-ckpt-')), 'c.safetensors');
  saveCheckpoint(file, r.network, { epoch: 2 });
  const fresh = new Network({ ...r.network.spec, seed: 123 });
  loadCheckpoint(file, fresh);
  for (const [id, t] of r.network.params) assert.equal(relDiff(fresh.params.get(id)!, t), 0, id);
  fresh.dispose();
  r.network.dispose();
});
