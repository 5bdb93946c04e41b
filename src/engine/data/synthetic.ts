// Synthetic data: each class is a fixed random prototype image plus per-sample noise, clipped to [0, 1].
// Learnable in a few steps, deterministic from the seed; for tests and runs without any data files.
import { Prng } from '../../util/prng.ts';
import type { Dataset, Split } from './dataset.ts';

export function syntheticDataset(shape: [number, number, number], classes: number, trainCount: number, testCount: number, seed = 1): Dataset {
  const per = shape[0] * shape[1] * shape[2];
  const rng = new Prng(seed);
  const protos = Array.from({ length: classes }, () => Float32Array.from({ length: per }, () => rng.next()));
  const make = (count: number): Split => {
    const images = new Float32Array(count * per);
    const labels = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      labels[i] = rng.int(classes);
      const p = protos[labels[i]];
      for (let j = 0; j < per; j++) images[i * per + j] = Math.min(1, Math.max(0, p[j] + rng.normal(0, 0.3)));
    }
    return { images, labels, count };
  };
  return {
    name: 'synthetic',
    source: `synthetic(seed ${seed})`,
    shape,
    classes,
    mean: Array(shape[0]).fill(0.5),
    std: Array(shape[0]).fill(0.5),
    train: make(trainCount),
    test: make(testCount),
  };
}
