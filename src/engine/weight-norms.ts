// Frobenius norms of the forward weights W and feedback weights B of every conv and linear layer: the
// measurement behind FA/KP/ASAP's slow start (with the official U(−1, 1) classifier B the conv weights'
// norms grow by orders of magnitude in the first epoch until weight decay pulls them back).
import * as tf from '@tensorflow/tfjs-core';
import type { Network } from './network.ts';

export function weightNorms(net: Network): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of net.graph.nodes) {
    if (n.kind !== 'conv2d' && n.kind !== 'linear') continue;
    for (const part of ['weight', 'feedback']) {
      const t = net.params.get(`${n.name}.${part}`);
      if (t) out[`${n.name}.${part}`] = tf.tidy(() => tf.norm(t).dataSync()[0]);
    }
  }
  return out;
}
