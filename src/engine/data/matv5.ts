// A minimal MATLAB v5 .mat reader (little-endian): a 128-byte header, then data elements, each an 8-byte
// tag (type, byte count; or the 4-byte "small element" form) padded to 8 bytes. miCOMPRESSED elements are
// zlib streams holding one element; miMATRIX elements hold flags, dimensions, a name and the real part.
// Enough for numeric arrays such as SVHN's X (uint8 32×32×3×N, column-major) and y (double N×1).
import { inflateSync } from 'node:zlib';
import { inputError } from '../../util/errors.ts';
import { MAX_DATA_FILE_BYTES } from '../../util/limits.ts';

export interface MatArray {
  dims: number[];
  data: ArrayLike<number>;
}

const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

function numeric(type: number, b: Buffer, file: string): ArrayLike<number> {
  const copy = (n: number) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length - (b.length % n));
  switch (type) {
    case 1:
      return new Int8Array(copy(1));
    case 2:
      return new Uint8Array(copy(1));
    case 3:
      return new Int16Array(copy(2));
    case 4:
      return new Uint16Array(copy(2));
    case 5:
      return new Int32Array(copy(4));
    case 6:
      return new Uint32Array(copy(4));
    case 7:
      return new Float32Array(copy(4));
    case 9:
      return new Float64Array(copy(8));
    default:
      throw inputError(file, 'data type', `a numeric MATLAB type, got ${type}`);
  }
}

function inflate(data: Buffer, file: string): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: MAX_DATA_FILE_BYTES });
  } catch (e) {
    throw inputError(file, 'compressed element', `a readable zlib stream (${(e as NodeJS.ErrnoException).code ?? 'corrupt'}; cut short?)`);
  }
}

function elements(buf: Buffer, file: string, out: Map<string, MatArray>): void {
  let off = 0;
  while (off + 8 <= buf.length) {
    let type = buf.readUInt32LE(off);
    let size: number;
    let body: number;
    if (type >>> 16) {
      size = type >>> 16;
      type &= 0xffff;
      body = off + 4;
      off += 8;
    } else {
      size = buf.readUInt32LE(off + 4);
      body = off + 8;
      off = body + (type === MI_COMPRESSED ? size : Math.ceil(size / 8) * 8);
    }
    if (body + size > buf.length) throw inputError(file, 'element', `a complete data element at byte ${body}`);
    const data = buf.subarray(body, body + size);
    if (type === MI_COMPRESSED) elements(inflate(data, file), file, out);
    else if (type === MI_MATRIX) matrix(data, file, out);
  }
}

function matrix(buf: Buffer, file: string, out: Map<string, MatArray>): void {
  const sub: Array<{ type: number; data: Buffer }> = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    let type = buf.readUInt32LE(off);
    let size: number;
    if (type >>> 16) {
      size = type >>> 16;
      type &= 0xffff;
      sub.push({ type, data: buf.subarray(off + 4, off + 4 + size) });
      off += 8;
    } else {
      size = buf.readUInt32LE(off + 4);
      sub.push({ type, data: buf.subarray(off + 8, off + 8 + size) });
      off += 8 + Math.ceil(size / 8) * 8;
    }
  }
  if (sub.length < 4) return; // cells, structs, sparse: not needed here
  if (sub[1].data.length % 4 !== 0 || sub[1].data.length === 0) throw inputError(file, 'dimensions', 'int32 dimensions of a matrix');
  const dims = Array.from(new Int32Array(sub[1].data.buffer.slice(sub[1].data.byteOffset, sub[1].data.byteOffset + sub[1].data.length)));
  const name = sub[2].data.toString('latin1');
  out.set(name, { dims, data: numeric(sub[3].type, sub[3].data, file) });
}

export function readMat(buf: Buffer, file: string): Map<string, MatArray> {
  if (buf.length < 128 || buf.toString('latin1', 126, 128) !== 'IM')
    throw inputError(file, 'header', 'a little-endian MATLAB v5 .mat file (v7.3/HDF5 files are not supported)');
  const out = new Map<string, MatArray>();
  elements(buf.subarray(128), file, out);
  return out;
}
