// safetensors, by hand: 8-byte little-endian header length, a JSON header mapping each tensor name to
// {dtype, shape, data_offsets: [begin, end]} (offsets into the data block) plus optional string
// "__metadata__", padded with spaces to 8 bytes, then the raw little-endian data.
import { readFileSync, statSync } from 'node:fs';
import { MAX_DATA_FILE_BYTES } from '../util/limits.ts';
import { InputError, inputError } from '../util/errors.ts';
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

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
/** The safetensors format's own cap on the header (100 MB): a larger length is a corrupt file. */
const MAX_HEADER_BYTES = 100_000_000;

export function decodeSafetensors(buf: Uint8Array, file: string): { tensors: Map<string, StTensor>; metadata: Record<string, string> } {
  if (buf.length < 8) throw inputError(file, 'header length', 'an 8-byte little-endian length (is this a safetensors file?)');
  const n = Number(new DataView(buf.buffer, buf.byteOffset).getBigUint64(0, true));
  if (8 + n > buf.length || n > MAX_HEADER_BYTES) throw inputError(file, 'header length', `at most ${Math.min(buf.length - 8, MAX_HEADER_BYTES)}, got ${n}`);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(buf.subarray(8, 8 + n)).toString('utf8'));
  } catch {
    throw inputError(file, 'header', 'valid JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw inputError(file, 'header', 'a JSON object mapping tensor names to {dtype, shape, data_offsets}');
  const base = 8 + n;
  const tensors = new Map<string, StTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, e] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (e === null || typeof e !== 'object' || Array.isArray(e) || !Object.values(e).every((v) => typeof v === 'string'))
        throw inputError(file, '__metadata__', 'a JSON object of strings');
      metadata = e as Record<string, string>;
      continue;
    }
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw inputError(file, name, 'an object {dtype, shape, data_offsets}');
    const { dtype, shape, data_offsets } = e as { dtype: unknown; shape: unknown; data_offsets: unknown };
    if (typeof dtype !== 'string' || !hasOwn(bytesPer, dtype))
      throw inputError(file, `${name}.dtype`, `one of ${Object.keys(bytesPer).join(', ')}, got ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape) || !shape.every(isIndex)) throw inputError(file, `${name}.shape`, `a list of whole numbers >= 0, got ${JSON.stringify(shape)}`);
    if (!Array.isArray(data_offsets) || data_offsets.length !== 2 || !data_offsets.every(isIndex) || data_offsets[0] > data_offsets[1])
      throw inputError(file, `${name}.data_offsets`, `[begin, end] with 0 <= begin <= end, got ${JSON.stringify(data_offsets)}`);
    const [a, b] = data_offsets as [number, number];
    const count = (shape as number[]).reduce((x, y) => x * y, 1);
    const st = dtype as StDtype;
    if (b - a !== count * bytesPer[st] || base + b > buf.length)
      throw inputError(file, `${name}.data_offsets`, `${count * bytesPer[st]} bytes inside the file for shape [${shape}]`);
    const bytes = Uint8Array.prototype.slice.call(buf, base + a, base + b); // a copy with its own aligned ArrayBuffer (Buffer.slice is a view)
    const data =
      st === 'F32'
        ? new Float32Array(bytes.buffer)
        : dtype === 'F64'
          ? new Float64Array(bytes.buffer)
          : st === 'I32'
            ? new Int32Array(bytes.buffer)
            : st === 'I64'
              ? new BigInt64Array(bytes.buffer)
              : bytes;
    tensors.set(name, { dtype: st, shape: shape as number[], data });
  }
  return { tensors, metadata };
}

export function readSafetensors(path: string): { tensors: Map<string, StTensor>; metadata: Record<string, string> } {
  let buf: Buffer;
  try {
    const s = statSync(path);
    if (!s.isFile()) throw new Error('not a file');
    if (s.size > MAX_DATA_FILE_BYTES)
      throw inputError(path, undefined, `a safetensors file of at most ${MAX_DATA_FILE_BYTES / 2 ** 30} GiB, got ${s.size} bytes`);
    buf = readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
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
