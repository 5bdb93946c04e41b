// Shared test fixtures: tiny networks, seeded batches, tensor comparison.
import * as tf from '@tensorflow/tfjs-core';
import './gradients.ts';
import type { Graph } from '../../src/net/graph.ts';
import { Network } from '../../src/engine/network.ts';
import { Prng } from '../../src/util/prng.ts';
import { chooseBackend } from '../../src/engine/backend.ts';

export const ready = chooseBackend('cpu');

export interface Tiny {
  model: 'convnet' | 'resnet18';
  inputShape: [number, number, number];
  width: number;
}
export const tinyConvnet: Tiny = { model: 'convnet', inputShape: [1, 12, 12], width: 1 / 32 };
export const tinyResnet: Tiny = { model: 'resnet18', inputShape: [3, 8, 8], width: 1 / 32 };

export function tinyNetwork(t: Tiny, rule: string, batch = 4, seed = 3, transform?: (g: Graph) => Graph, engine?: Network['spec']['engine']): Network {
  const spec = { model: t.model, rule, batch, inputShape: t.inputShape, classes: 5, width: t.width, seed, engine };
  if (!transform) return new Network(spec);
  const probe = new Network(spec);
  probe.dispose();
  return new Network(spec, transform(probe.graph));
}

/** A seeded batch: NHWC input and int32 labels. */
export function batchOf(t: Tiny, batch: number, classes = 5, seed = 11): { x: tf.Tensor4D; y: tf.Tensor1D; xs: Float32Array; ys: Int32Array } {
  const rng = new Prng(seed);
  const [c, h, w] = t.inputShape;
  const xs = new Float32Array(batch * c * h * w).map(() => rng.normal());
  const ys = Int32Array.from({ length: batch }, (_, i) => i % classes);
  return { x: tf.tensor4d(xs, [batch, h, w, c]), y: tf.tensor1d(ys, 'int32'), xs, ys };
}

/** Max |a−b| / (max |b| + floor): a scale-free distance between two tensors. */
export function relDiff(a: tf.Tensor, b: tf.Tensor, floor = 1e-5): number {
  const [d, m] = tf.tidy(() => [tf.max(tf.abs(tf.sub(a, b))).dataSync()[0], tf.max(tf.abs(b)).dataSync()[0]]);
  return d / (m + floor); // the floor keeps exact zeros (a bias before BN is ~1e-8 in float32) from dominating
}
