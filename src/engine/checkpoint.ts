// Checkpoints: every persistent tensor of the network in PyTorch layout (conv KCRS, linear [out, in],
// NCHW-order flattening), named by program id, except that BN running statistics are stored under
// PyTorch's names `${bn}.running_mean` / `${bn}.running_var`. Metadata records model, rule, width,
// input shape, classes, seed and epoch. docs/checkpoints.md lists the names.
import * as tf from '@tensorflow/tfjs-core';
import { inputError } from '../util/errors.ts';
import { persistentTensors } from './init.ts';
import { toEngineLayout, toTraceLayout } from './kernels/layout.ts';
import type { Network } from './network.ts';
import { asFloat32, readSafetensors, writeSafetensors, type StTensor } from './safetensors.ts';
import { partOf } from '../net/tensor-id.ts';

export function checkpointTensors(net: Network, includeOptimizer = true): Map<string, StTensor> {
  const out = new Map<string, StTensor>();
  for (const ref of persistentTensors(net.events)) {
    if (!includeOptimizer && ref.role === 'optimizer_state') continue;
    const v = net.params.get(ref.id)!;
    const data = tf.tidy(() => toTraceLayout(v, ref.role)).dataSync() as Float32Array;
    const stats = partOf(ref.id);
    if (stats?.part === 'running_stats') {
      const base = stats.layer;
      const c = ref.shape[1];
      out.set(`${base}.running_mean`, { dtype: 'F32', shape: [c], data: data.slice(0, c) });
      out.set(`${base}.running_var`, { dtype: 'F32', shape: [c], data: data.slice(c) });
    } else out.set(ref.id, { dtype: 'F32', shape: ref.shape, data: Float32Array.from(data) });
  }
  return out;
}

export function saveCheckpoint(path: string, net: Network, metadata: Record<string, string | number>): void {
  const meta: Record<string, string> = {
    format: 'asapsim-checkpoint-1',
    model: net.spec.model,
    rule: net.rule.label,
    width: String(net.spec.width),
    input_shape: net.spec.inputShape.join('x'),
    classes: String(net.spec.classes),
    seed: String(net.spec.seed),
  };
  for (const [k, v] of Object.entries(metadata)) meta[k] = String(v);
  writeSafetensors(path, checkpointTensors(net), meta);
}

/** Loads the tensors of a checkpoint into the network (optimizer state only if present). */
export function loadCheckpoint(path: string, net: Network): Record<string, string> {
  const { tensors, metadata } = readSafetensors(path);
  for (const ref of persistentTensors(net.events)) {
    let values: Float32Array;
    const stats = partOf(ref.id);
    if (stats?.part === 'running_stats') {
      const base = stats.layer;
      const m = tensors.get(`${base}.running_mean`);
      const v = tensors.get(`${base}.running_var`);
      if (!m || !v) throw inputError(path, `${base}.running_mean/running_var`, 'present (checkpoint of another model, rule or width?)');
      values = new Float32Array([...asFloat32(m), ...asFloat32(v)]);
    } else {
      const t = tensors.get(ref.id);
      if (!t) {
        if (ref.role === 'optimizer_state') continue;
        throw inputError(path, ref.id, 'present (checkpoint of another model, rule or width?)');
      }
      if (t.shape.join() !== ref.shape.join()) throw inputError(path, `${ref.id}.shape`, `[${ref.shape}], got [${t.shape}]`);
      values = asFloat32(t);
    }
    const next = tf.tidy(() => toEngineLayout(tf.tensor(values, ref.shape), ref.role));
    net.params.get(ref.id)?.dispose();
    net.params.set(ref.id, next);
  }
  return metadata;
}
