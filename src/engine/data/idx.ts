// IDX files (MNIST, Fashion-MNIST): big-endian magic (0x0000, element type 0x08 = uint8, rank), then
// one uint32 per dimension, then the data. A directory holds train-/t10k- images and labels, gzipped or not.
import { join } from 'node:path';
import { inputError } from '../../util/errors.ts';
import { normalisation, type Dataset, type Split } from './dataset.ts';
import { readMaybeGz } from './files.ts';

export function parseIdx(buf: Buffer, file: string): { dims: number[]; data: Uint8Array } {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw inputError(file, 'magic', 'IDX magic 0x0000 (is this an IDX file?)');
  if (buf[2] !== 0x08) throw inputError(file, 'element type', `uint8 (0x08), got 0x${buf[2].toString(16)}`);
  const rank = buf[3];
  const offset = 4 + 4 * rank;
  if (buf.length < offset) throw inputError(file, 'header', `${offset} bytes for ${rank} dimensions, got ${buf.length} (a truncated file)`);
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const n = dims.reduce((a, b) => a * b, 1);
  if (buf.length !== offset + n) throw inputError(file, 'size', `${offset + n} bytes for dims [${dims}], got ${buf.length}`);
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + offset, n) };
}

function split(dir: string, prefix: 'train' | 't10k', classes: number): Split {
  const imgFile = join(dir, `${prefix}-images-idx3-ubyte`);
  const lblFile = join(dir, `${prefix}-labels-idx1-ubyte`);
  const img = parseIdx(readMaybeGz(imgFile, 'IDX images'), imgFile);
  const lbl = parseIdx(readMaybeGz(lblFile, 'IDX labels'), lblFile);
  if (img.dims.length !== 3 || img.dims[1] !== 28 || img.dims[2] !== 28) throw inputError(imgFile, 'dims', `[N, 28, 28], got [${img.dims}]`);
  if (lbl.dims.length !== 1 || lbl.dims[0] !== img.dims[0]) throw inputError(lblFile, 'dims', `[${img.dims[0]}] labels to match the images, got [${lbl.dims}]`);
  if (img.dims[0] === 0) throw inputError(imgFile, 'dims', 'at least one image (an empty dataset trains to NaN)');
  const labels = Int32Array.from(lbl.data);
  const bad = labels.findIndex((l) => l >= classes);
  if (bad >= 0) throw inputError(lblFile, `label ${bad}`, `a class below ${classes}, got ${labels[bad]}`);
  return { images: Float32Array.from(img.data, (v) => v / 255), labels, count: img.dims[0] };
}

/** MNIST-format directory; `name` is 'mnist' or 'fashion' (Fashion-MNIST). */
export function idxDataset(dir: string, name: 'mnist' | 'fashion'): Dataset {
  return {
    name: name === 'fashion' ? 'fashion-mnist' : 'mnist',
    source: dir,
    shape: [1, 28, 28],
    classes: 10,
    ...normalisation[name],
    train: split(dir, 'train', 10),
    test: split(dir, 't10k', 10),
  };
}
