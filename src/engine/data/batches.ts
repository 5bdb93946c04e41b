// Batching: a seeded shuffle per epoch, optional augmentation (random crop from a 4-pixel zero-padded
// image, horizontal flip with probability ½, as torchvision, on [0,1] values), then normalisation, then
// NHWC for the engine. Training drops the last partial batch (the step program has a fixed batch size);
// evaluation pads it with copies of its first sample and reports only the real ones.
import * as tf from '@tensorflow/tfjs-core';
import { Prng } from '../../util/prng.ts';
import type { Dataset, Split } from './dataset.ts';

export interface Batch {
  x: tf.Tensor4D;
  y: tf.Tensor1D;
  /** Real samples (the rest are padding). */
  real: number;
}

function fill(ds: Dataset, split: Split, order: ArrayLike<number>, start: number, batch: number, rng: Prng | undefined): Batch {
  const [c, h, w] = ds.shape;
  const per = c * h * w;
  const real = Math.min(batch, order.length - start);
  const x = new Float32Array(batch * per);
  const y = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const idx = order[start + (b < real ? b : 0)];
    y[b] = split.labels[idx];
    const src = split.images.subarray(idx * per, (idx + 1) * per);
    const dy = rng ? rng.int(9) - 4 : 0;
    const dx = rng ? rng.int(9) - 4 : 0;
    const flip = rng ? rng.next() < 0.5 : false;
    for (let ch = 0; ch < c; ch++) {
      const m = ds.mean[ch];
      const s = ds.std[ch];
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          const si = i + dy;
          const sj = (flip ? w - 1 - j : j) + dx;
          const v = si < 0 || si >= h || sj < 0 || sj >= w ? 0 : src[ch * h * w + si * w + sj];
          x[((b * h + i) * w + j) * c + ch] = (v - m) / s;
        }
    }
  }
  return { x: tf.tensor4d(x, [batch, h, w, c]), y: tf.tensor1d(y, 'int32'), real };
}

/** Training batches of one epoch (shuffled by `rng`; augmented if asked). */
export function* trainBatches(ds: Dataset, split: Split, batch: number, rng: Prng, augment: boolean): Generator<Batch> {
  const order = Int32Array.from({ length: split.count }, (_, i) => i);
  rng.shuffle(order);
  for (let s = 0; s + batch <= split.count; s += batch) yield fill(ds, split, order, s, batch, augment ? rng : undefined);
}

/** Evaluation batches in order, the last one padded. */
export function* evalBatches(ds: Dataset, split: Split, batch: number): Generator<Batch> {
  const order = Int32Array.from({ length: split.count }, (_, i) => i);
  for (let s = 0; s < split.count; s += batch) yield fill(ds, split, order, s, batch, undefined);
}
