// The valid inputs the fuzz harness mutates: an arch config, a trace, a DRAM request trace, a sweep's results
// file (from a real two-point sweep), training metrics, a checkpoint-shaped safetensors file and tiny MNIST
// IDX files. Built in memory (the results file by running the sweep in a temporary directory).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTrace } from '../src/trace/io.ts';
import { shapeTrace } from '../src/net/shape-trace.ts';
import { parseRuleChoice } from '../src/net/rules/index.ts';
import { stashPolicies } from '../src/trace/stash.ts';
import { encodeSafetensors } from '../src/engine/safetensors.ts';
import type { Corpus } from './fuzz.ts';

function idx(dims: number[], fill: (i: number) => number): Uint8Array {
  const n = dims.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(4 + 4 * dims.length + n);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < n; i++) out[4 + 4 * dims.length + i] = fill(i);
  return out;
}

/** The small workload the seed sweep and the seed compare both run. */
const seedWorkload = ['--model', 'convnet', '--input', 'mnist', '--batch', '2', '--width', '0.25', '--rules', 'bp,asap'];

export async function buildCorpus(): Promise<Corpus> {
  const arch = readFileSync(new URL('../arch-configs/edge.yaml', import.meta.url), 'utf8');
  const trace = formatTrace(
    shapeTrace({ model: 'convnet', rule: parseRuleChoice('bp'), batch: 2, inputShape: [1, 28, 28], classes: 10, width: 0.25, stash: stashPolicies.compact }),
  );
  const request =
    Array.from({ length: 64 }, (_, i) => `0x${(i * 4096 + (i % 3) * 64).toString(16).toUpperCase()} ${i % 4 ? 'READ' : 'WRITE'} ${i * 10}`).join('\n') + '\n';
  const metrics =
    [
      { type: 'run', rule: 'bp', model: 'convnet' },
      { type: 'epoch', epoch: 1, lr: 0.03, trainLoss: 2.1, trainAcc: 20, testLoss: 2, testAcc: 25, imagesPerSecond: 100, seconds: 1 },
      { type: 'epoch', epoch: 2, lr: 0.01, trainLoss: 1.5, trainAcc: 50, testLoss: 1.4, testAcc: 55, imagesPerSecond: 100, seconds: 1 },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n';
  const checkpoint = encodeSafetensors(
    new Map([
      ['conv1.weight', { dtype: 'F32' as const, shape: [2, 1, 3, 3], data: new Float32Array(18).fill(0.1) }],
      ['fc.weight', { dtype: 'F32' as const, shape: [10, 4], data: new Float32Array(40).fill(0.01) }],
    ]),
    { format: 'asapsim-checkpoint-1', model: 'convnet', rule: 'bp', width: '0.25', input_shape: '1x28x28', classes: '10', seed: '1' },
  );
  const images = (n: number) => idx([n, 28, 28], (i) => (i * 7) % 256);
  const labels = (n: number) => idx([n], (i) => i % 10);
  const idxFiles = {
    'train-images-idx3-ubyte': images(8),
    'train-labels-idx1-ubyte': labels(8),
    't10k-images-idx3-ubyte': images(4),
    't10k-labels-idx1-ubyte': labels(4),
  };
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-fuzz-corpus-'));
  const { main } = await import('../src/cli/main.ts');
  const cwd = process.cwd();
  const out = process.stdout.write;
  process.chdir(dir);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const code = await main([
      'node',
      'asapsim',
      'sweep',
      ...seedWorkload,
      '--set',
      'buffer.capacity=64 KiB,128 KiB',
      '--name',
      's',
      '--jobs',
      '1',
      '--no-report',
    ]);
    if (code !== 0) throw new Error(`fuzz corpus: the seed sweep failed (exit ${code})`);
    const c = await main(['node', 'asapsim', 'compare', ...seedWorkload, '--name', 'c', '--chart-format', 'svg']);
    if (c !== 0) throw new Error(`fuzz corpus: the seed compare failed (exit ${c})`);
  } finally {
    process.stdout.write = out;
    process.chdir(cwd);
  }
  const results = readFileSync(join(dir, 'reports', 's', 'points.jsonl'), 'utf8');
  const compareResults = readFileSync(join(dir, 'reports', 'c', 'results.json'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return { arch, trace, request, results, compareResults, metrics, checkpoint, idx: idxFiles };
}
