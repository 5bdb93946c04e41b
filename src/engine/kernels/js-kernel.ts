// Kernels written as JS loops over the tensors' own memory. On wasm, a tensor's values live in the module's
// heap: `values` views them in place (dataSync copies the whole tensor out) and `jsKernel` allocates its
// outputs there and lets the body write them directly, so a pass that replaces a chain of tfjs kernels
// (max pooling with its argmax: transpose, max, arg-max) touches each value once. On the cpu backend the
// views are its value arrays; any other backend, or a tensor still held by another backend, is copied.
import * as tf from '@tensorflow/tfjs-core';

export type Values = Float32Array | Int32Array | Uint8Array;

interface WasmLike {
  dataIdMap: { has(dataId: tf.DataId): boolean };
  typedArrayFromHeap(t: tf.TensorInfo): Values;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}
interface CpuLike {
  data: { has(dataId: tf.DataId): boolean; get(dataId: tf.DataId): { values: Values } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Values): tf.TensorInfo;
}

function backendKind(): 'wasm' | 'cpu' | 'other' {
  const name = tf.getBackend();
  return name === 'wasm' || name === 'cpu' ? name : 'other';
}

/** The tensor's own memory, or undefined when the backend does not expose it (do not keep the view across
 *  tfjs calls: the wasm heap may grow and detach it). Writing through it changes the tensor. */
export function inPlaceValues(t: tf.Tensor): Values | undefined {
  const kind = backendKind();
  if (kind === 'wasm') {
    const backend = tf.backend() as unknown as WasmLike;
    if (backend.dataIdMap.has(t.dataId)) return backend.typedArrayFromHeap(t);
  } else if (kind === 'cpu') {
    const backend = tf.backend() as unknown as CpuLike;
    if (backend.data.has(t.dataId)) return backend.data.get(t.dataId).values;
  }
  return undefined;
}

/** True when tensors of the current backend can be read and written in place (wasm and cpu). */
export function writableInPlace(): boolean {
  return backendKind() !== 'other';
}

/** A new float32 tensor the caller writes in full through inPlaceValues (on wasm it is not zero-filled),
 *  or undefined on a backend without in-place memory. */
export function unfilledTensor(shape: number[]): tf.Tensor | undefined {
  const kind = backendKind();
  const engine = tf.engine();
  if (kind === 'wasm') return engine.makeTensorFromTensorInfo((tf.backend() as unknown as WasmLike).makeOutput(shape, 'float32'));
  if (kind === 'cpu') {
    const n = shape.reduce((a, b) => a * b, 1);
    return engine.makeTensorFromTensorInfo((tf.backend() as unknown as CpuLike).makeTensorInfo(shape, 'float32', new Float32Array(n)));
  }
  return undefined;
}

/** The tensor's values, in place where the backend allows (see inPlaceValues), else a copy. */
export function values(t: tf.Tensor): Values {
  return inPlaceValues(t) ?? (t.dataSync() as Values);
}

export interface OutputSpec {
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

function zeros(o: OutputSpec): Values {
  const n = o.shape.reduce((a, b) => a * b, 1);
  return o.dtype === 'float32' ? new Float32Array(n) : o.dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
}

/** New tensors of the given shapes, zero-filled, written by `body` from the inputs' values. */
export function jsKernel(inputs: tf.Tensor[], outputs: OutputSpec[], body: (ins: Values[], outs: Values[]) => void): tf.Tensor[] {
  const kind = backendKind();
  const engine = tf.engine();
  if (kind === 'wasm') {
    const backend = tf.backend() as unknown as WasmLike;
    // allocate every output before taking any view: an allocation may grow (and detach) the heap
    const infos = outputs.map((o) => backend.makeOutput(o.shape, o.dtype));
    const outs = infos.map((i) => backend.typedArrayFromHeap(i));
    for (const o of outs) o.fill(0);
    body(inputs.map(values), outs);
    return infos.map((i) => engine.makeTensorFromTensorInfo(i));
  }
  const outs = outputs.map(zeros);
  body(inputs.map(values), outs);
  if (kind === 'cpu') {
    const backend = tf.backend() as unknown as CpuLike;
    return outputs.map((o, i) => engine.makeTensorFromTensorInfo(backend.makeTensorInfo(o.shape, o.dtype, outs[i])));
  }
  return outputs.map((o, i) => tf.tensor(outs[i], o.shape, o.dtype));
}
