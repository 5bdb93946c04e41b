// safetensors, by hand: 8-byte little-endian header length, a JSON header mapping each tensor name to
// {dtype, shape, data_offsets: [begin, end]} (offsets into the data block) plus optional string
// "__metadata__", padded with spaces to 8 bytes, then the raw little-endian data.
import { readFileSync } from 'node:fs';
import { inputError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { hasOwn } from '../util/lookup.ts';

export type StDtype = 'F32' | 'F64' | 'I32' | 'I64' | 'U8';

export interface StTensor {
  dtype: StDtype;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
}

const bytesPer: Record<StDtype, number> = { F32: 4, F64: 8, I32: 4, I64: 8, U8: 1 };

export function encodeSafetensors(tensors: Map<string, StTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let p = 8 + head.length;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), p);
    p += t.data.byteLength;
  }
  return out;
}

export function writeSafetensors(path: string, tensors: Map<string, StTensor>, metadata: Record<string, string> = {}): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

export function decodeSafetensors(buf: Uint8Array, file: string): { tensors: Map<string, StTensor>; metadata: Record<string, string> } {
  if (buf.length < 8) throw inputError(file, 'header length', 'an 8-byte little-endian length (is this a safetensors file?)');
  const n = Number(new DataView(buf.buffer, buf.byteOffset).getBigUint64(0, true));
  if (8 + n > buf.length) throw inputError(file, 'header length', `at most ${buf.length - 8}, got ${n}`);
  let header: Record<string, { dtype: StDtype; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(Buffer.from(buf.subarray(8, 8 + n)).toString('utf8'));
  } catch {
    throw inputError(file, 'header', 'valid JSON');
  }
  const base = 8 + n;
  const tensors = new Map<string, StTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = e as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets } = e as { dtype: StDtype; shape: number[]; data_offsets: [number, number] };
    if (typeof dtype !== 'string' || !hasOwn(bytesPer, dtype))
      throw inputError(file, `${name}.dtype`, `one of ${Object.keys(bytesPer).join(', ')}, got ${dtype}`);
    const [a, b] = data_offsets;
    const count = shape.reduce((x, y) => x * y, 1);
    if (b - a !== count * bytesPer[dtype] || base + b > buf.length)
      throw inputError(file, `${name}.data_offsets`, `${count * bytesPer[dtype]} bytes inside the file for shape [${shape}]`);
    const bytes = Uint8Array.prototype.slice.call(buf, base + a, base + b); // a copy with its own aligned ArrayBuffer (Buffer.slice is a view)
    const data =
      dtype === 'F32'
        ? new Float32Array(bytes.buffer)
        : dtype === 'F64'
          ? new Float64Array(bytes.buffer)
          : dtype === 'I32'
            ? new Int32Array(bytes.buffer)
            : dtype === 'I64'
              ? new BigInt64Array(bytes.buffer)
              : bytes;
    tensors.set(name, { dtype, shape, data });
  }
  return { tensors, metadata };
}

export function readSafetensors(path: string): { tensors: Map<string, StTensor>; metadata: Record<string, string> } {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    throw inputError(path, undefined, 'a readable safetensors file');
  }
  return decodeSafetensors(buf, path);
}

/** A tensor's values as float32, whatever its stored dtype. */
export function asFloat32(t: StTensor): Float32Array {
  if (t.data instanceof Float32Array) return t.data;
  if (t.data instanceof BigInt64Array) return Float32Array.from(t.data, (v) => Number(v));
  return Float32Array.from(t.data as ArrayLike<number>);
}
