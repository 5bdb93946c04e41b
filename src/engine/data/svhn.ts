// SVHN in its published cropped-digits format: train_32x32.mat and test_32x32.mat (MATLAB v5) with
// X uint8 [32, 32, 3, N] column-major (X(row, col, channel, n)) and y double [N, 1], digit 0 stored as 10.
import { join } from 'node:path';
import { inputError } from '../../util/errors.ts';
import { normalisation, type Dataset, type Split } from './dataset.ts';
import { readMaybeGz } from './files.ts';
import { readMat } from './matv5.ts';

function split(file: string): Split {
  const mat = readMat(readMaybeGz(file, 'SVHN .mat file'), file);
  const X = mat.get('X');
  const y = mat.get('y');
  if (!X || X.dims.length !== 4 || X.dims[0] !== 32 || X.dims[1] !== 32 || X.dims[2] !== 3)
    throw inputError(file, 'X', `uint8 [32, 32, 3, N], got ${X ? `[${X.dims}]` : 'nothing'}`);
  const count = X.dims[3];
  if (count === 0) throw inputError(file, 'X', 'at least one image (an empty dataset trains to NaN)');
  if (X.data.length !== count * 3072) throw inputError(file, 'X', `${count * 3072} values for [32, 32, 3, ${count}], got ${X.data.length}`);
  if (!y || y.data.length !== count) throw inputError(file, 'y', `${count} labels`);
  const bad = Array.prototype.findIndex.call(y.data, (v: number) => !(Number.isInteger(v) && v >= 1 && v <= 10));
  if (bad >= 0) throw inputError(file, `y[${bad}]`, `a label 1..10 (SVHN writes digit 0 as 10), got ${y.data[bad]}`);
  const images = new Float32Array(count * 3072);
  for (let n = 0; n < count; n++)
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < 32; i++) for (let j = 0; j < 32; j++) images[n * 3072 + c * 1024 + i * 32 + j] = X.data[i + 32 * j + 1024 * c + 3072 * n] / 255;
  const labels = Int32Array.from(y.data, (v) => v % 10);
  return { images, labels, count };
}

export function svhnDataset(dir: string): Dataset {
  return {
    name: 'svhn',
    source: dir,
    shape: [3, 32, 32],
    classes: 10,
    ...normalisation.svhn,
    train: split(join(dir, 'train_32x32.mat')),
    test: split(join(dir, 'test_32x32.mat')),
  };
}
