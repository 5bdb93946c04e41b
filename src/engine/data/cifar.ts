// CIFAR binary format: fixed records of label byte(s) then 3072 bytes (1024 R, 1024 G, 1024 B, row-major
// 32×32, i.e. already CHW). CIFAR-10: 1 label byte, data_batch_1..5.bin and test_batch.bin (in
// cifar-10-batches-bin/ or the directory itself). CIFAR-100: coarse and fine label bytes, train.bin and test.bin.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../../util/errors.ts';
import { normalisation, type Dataset, type Split } from './dataset.ts';
import { readMaybeGz } from './files.ts';

const PIXELS = 3072;

function records(files: string[], labelBytes: 1 | 2, classes: number): Split {
  const bufs = files.map((f) => {
    const b = readMaybeGz(f, 'CIFAR binary batch');
    if (b.length % (labelBytes + PIXELS) !== 0) throw inputError(f, 'size', `a multiple of ${labelBytes + PIXELS}-byte records, got ${b.length} bytes`);
    return b;
  });
  const count = bufs.reduce((a, b) => a + b.length / (labelBytes + PIXELS), 0);
  const images = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  if (count === 0) throw inputError(files[0], 'size', 'at least one record (an empty dataset trains to NaN)');
  let k = 0;
  for (const [i, b] of bufs.entries()) {
    for (let off = 0, r = 0; off < b.length; off += labelBytes + PIXELS, k++, r++) {
      labels[k] = b[off + labelBytes - 1]; // CIFAR-100: the fine label (second byte)
      if (labels[k] >= classes) throw inputError(files[i], `record ${r}: label`, `a class below ${classes}, got ${labels[k]}`);
      for (let p = 0; p < PIXELS; p++) images[k * PIXELS + p] = b[off + labelBytes + p] / 255;
    }
  }
  return { images, labels, count };
}

export function cifarDataset(dir: string, classes: 10 | 100): Dataset {
  const sub = join(dir, classes === 10 ? 'cifar-10-batches-bin' : 'cifar-100-binary');
  const root = existsSync(sub) ? sub : dir;
  const [train, test] =
    classes === 10
      ? [
          records(
            [1, 2, 3, 4, 5].map((i) => join(root, `data_batch_${i}.bin`)),
            1,
            classes,
          ),
          records([join(root, 'test_batch.bin')], 1, classes),
        ]
      : [records([join(root, 'train.bin')], 2, classes), records([join(root, 'test.bin')], 2, classes)];
  return { name: `cifar${classes}`, source: root, shape: [3, 32, 32], classes, ...normalisation.cifar, train, test };
}
