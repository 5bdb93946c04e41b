// Batch-norm numerics on wasm: forward (batch mean, biased variance, y) and backward (dx, dγ, dβ) agree
// with a two-pass float64 computation within 1e-6 relative up to ImageNet-sized feature maps (the error
// must not grow with N·H·W, as tf.moments' sequential float32 sums did: 1.5e-5 at 32×256×56×56); and
// one ResNet-18 step's gradients agree between wasm and cpu within 3e-5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { availableBackends, chooseBackend } from '../../src/engine/backend.ts';
import { kernels, type KernelContext } from '../../src/engine/kernels/index.ts';
import type { TraceEvent } from '../../src/trace/schema.ts';
import { Network } from '../../src/engine/network.ts';
import { Prng } from '../../src/util/prng.ts';
import { ready } from './helpers.ts';

const event = (op: 'batchnorm' | 'batchnorm.backward', writes: string[]): TraceEvent =>
  ({
    op,
    layer: 'bn',
    phase: op === 'batchnorm' ? 'forward' : 'backward',
    dims: {},
    reads: [],
    writes: writes.map((id) => ({ id })),
    frees: [],
  }) as unknown as TraceEvent;

const context = (inputs: tf.Tensor[]): KernelContext => ({
  read: (i) => inputs[i],
  training: true,
  updater: { update: () => assert.fail('no update in a BN test') },
  allReduce: (v) => v,
});

/** max |a − ref| / max |ref| */
function rel(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i] - ref[i]));
    m = Math.max(m, Math.abs(ref[i]));
  }
  return d / m;
}

test('batchnorm on wasm: forward and backward within 1e-6 of float64 up to 32×256×56×56', async (ctx) => {
  await ready;
  if (!(await availableBackends()).includes('wasm')) return ctx.skip('wasm backend unavailable');
  await chooseBackend('wasm');
  try {
    for (const [n, h, w, c] of [
      [32, 8, 8, 64],
      [32, 56, 56, 256],
    ]) {
      const size = n * h * w * c;
      const rng = new Prng(7);
      const x = new Float32Array(size);
      const dy = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        x[i] = 1.5 + 2 * rng.normal(); // a mean of the order of the spread, as after a ReLU + conv
        dy[i] = 1e-3 * rng.normal();
      }
      const gamma = Float32Array.from({ length: c }, (_, k) => 0.5 + k / c);
      // float64, two passes: mean, then centred variance; then the textbook backward (loops over
      // position p and channel k, errors streamed: the reference never holds a second full-size array).
      const m = n * h * w;
      const mean = new Float64Array(c);
      const variance = new Float64Array(c);
      for (let p = 0; p < m; p++) for (let k = 0; k < c; k++) mean[k] += x[p * c + k];
      for (let k = 0; k < c; k++) mean[k] /= m;
      for (let p = 0; p < m; p++) for (let k = 0; k < c; k++) variance[k] += (x[p * c + k] - mean[k]) ** 2;
      for (let k = 0; k < c; k++) variance[k] /= m;
      const inv = variance.map((v) => 1 / Math.sqrt(v + 1e-5));
      const dbeta = new Float64Array(c);
      const dgamma = new Float64Array(c);
      for (let p = 0; p < m; p++)
        for (let k = 0; k < c; k++) {
          dbeta[k] += dy[p * c + k];
          dgamma[k] += dy[p * c + k] * (x[p * c + k] - mean[k]) * inv[k];
        }
      /** max |got − ref(i)| / max |ref(i)| over the whole tensor, ref computed per element */
      const relTo = (got: ArrayLike<number>, ref: (i: number, k: number) => number): number => {
        let d = 0;
        let big = 0;
        for (let p = 0; p < m; p++)
          for (let k = 0; k < c; k++) {
            const r = ref(p * c + k, k);
            d = Math.max(d, Math.abs(got[p * c + k] - r));
            big = Math.max(big, Math.abs(r));
          }
        return d / big;
      };
      const X = tf.tensor4d(x, [n, h, w, c]);
      const DY = tf.tensor4d(dy, [n, h, w, c]);
      const G = tf.tensor1d(gamma);
      const B = tf.zeros([c]);
      const R = tf.tensor2d([...new Array(c).fill(0), ...new Array(c).fill(1)], [2, c]);
      const [y, stats, running] = kernels.batchnorm(event('batchnorm', ['y', 'bn.batch_stats', 'bn.running_stats']), context([X, G, B, R]));
      const s = stats.dataSync();
      const label = `[${n},${c},${h},${w}]`;
      const check = (what: string, err: number) => assert.ok(err < 1e-6, `${label} ${what}: relative error ${err}`);
      check('mean', rel(s.subarray(0, c), mean));
      check('variance', rel(s.subarray(c), variance));
      check(
        'y',
        relTo(y.dataSync(), (i, k) => (x[i] - mean[k]) * inv[k] * gamma[k]),
      );
      const runRef = [...Array.from(mean, (v) => 0.1 * v), ...Array.from(variance, (v) => 0.9 + (0.1 * v * m) / (m - 1))];
      check('running statistics', rel(running.dataSync(), runRef));
      const [dx, dg, db] = kernels['batchnorm.backward'](event('batchnorm.backward', ['dx', 'g', 'b']), context([DY, X, G, stats]));
      check(
        'dx',
        relTo(dx.dataSync(), (i, k) => ((gamma[k] * inv[k]) / m) * (m * dy[i] - dbeta[k] - (x[i] - mean[k]) * inv[k] * dgamma[k])),
      );
      check('dγ', rel(dg.dataSync(), dgamma));
      check('dβ', rel(db.dataSync(), dbeta));
      tf.dispose([X, DY, G, B, R, y, stats, running, dx, dg, db]);
    }
  } finally {
    await chooseBackend('cpu');
  }
});

// ResNet-18 at width 1/4 (16..128 channels) on 3×32×32 inputs, batch 8: BN over up to 8·32·32 values per channel.
function resnetGradients(): Map<string, Float32Array> {
  const net = new Network({ model: 'resnet18', rule: 'bp', batch: 8, inputShape: [3, 32, 32], classes: 10, width: 0.25, seed: 2 });
  const rng = new Prng(3);
  const x = tf.tensor4d(
    Float32Array.from({ length: 8 * 32 * 32 * 3 }, () => rng.normal()),
    [8, 32, 32, 3],
  );
  const y = tf.tensor1d(
    Int32Array.from({ length: 8 }, (_, i) => i % 10),
    'int32',
  );
  const g = net.gradients(x, y, (id) => id.endsWith('.grad'));
  const out = new Map([...g].map(([id, t]) => [id, Float32Array.from(t.dataSync())]));
  tf.dispose([x, y, ...g.values()]);
  net.dispose();
  return out;
}

test('ResNet-18 one-step gradients: wasm and cpu within 3e-5', async (ctx) => {
  await ready;
  if (!(await availableBackends()).includes('wasm')) return ctx.skip('wasm backend unavailable');
  await chooseBackend('cpu');
  const cpu = resnetGradients();
  await chooseBackend('wasm');
  const wasm = resnetGradients();
  await chooseBackend('cpu');
  const scale = Math.max(...[...cpu.values()].map((v) => v.reduce((a, b) => Math.max(a, Math.abs(b)), 0)));
  let worst = 0;
  for (const [id, ref] of cpu) {
    // a bias right before a BN (the fc's, before the classifier BN) has an exactly-zero gradient, i.e.
    // rounding noise ~1e-7 of the network's scale: judged against that scale instead of its own
    const own = ref.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
    const d = own < 1e-5 * scale ? (rel(wasm.get(id)!, ref) * own) / scale : rel(wasm.get(id)!, ref);
    worst = Math.max(worst, d);
    assert.ok(d < 3e-5, `${id}: wasm vs cpu ${d}`);
  }
  console.log(`ResNet-18 (width 1/4, 3×32×32, batch 8) gradients: worst wasm–cpu relative difference ${worst.toExponential(2)}`);
});
