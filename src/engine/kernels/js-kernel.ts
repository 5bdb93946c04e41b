// JS loops over the tensors' own memory. On wasm, a tensor's values live in the module's heap: `values`
// views them in place (dataSync copies the whole tensor out). On the cpu backend the view is its value
// array; any other backend copies.
import * as tf from '@tensorflow/tfjs-core';

export type Values = Float32Array | Int32Array | Uint8Array;

interface WasmLike {
  typedArrayFromHeap(t: tf.TensorInfo): Values;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}
interface CpuLike {
  data: { get(dataId: tf.DataId): { values: Values } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Values): tf.TensorInfo;
}

function backendKind(): 'wasm' | 'cpu' | 'other' {
  const name = tf.getBackend();
  return name === 'wasm' || name === 'cpu' ? name : 'other';
}

/** The tensor's values, in place where the backend allows (do not keep the view across tfjs calls: the
 *  wasm heap may grow and detach it). Writing through it changes the tensor. */
export function values(t: tf.Tensor): Values {
  const kind = backendKind();
  if (kind === 'wasm') return (tf.backend() as unknown as WasmLike).typedArrayFromHeap(t);
  if (kind === 'cpu') return (tf.backend() as unknown as CpuLike).data.get(t.dataId).values;
  return t.dataSync() as Values;
}
