// Test oracles. `stockLoss` runs a graph's forward pass with stock tfjs ops (tf.conv2d, tf.maxPool,
// tf.moments, ...) so tf.grads gives BP's gradients by autodiff, independent of the engine's kernels.
// `float64Loss` runs the same forward in plain JS doubles (NCHW, PyTorch layouts) for finite differences.
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../../src/net/graph.ts';

const EPS = 1e-5;

/** Engine-layout params (only those the graph's forward reads) → loss, with stock ops. */
export function stockLoss(graph: Graph, input: tf.Tensor, label: tf.Tensor, p: Record<string, tf.Tensor>): tf.Scalar {
  const v = new Map<string, tf.Tensor>([[graph.input, input]]);
  for (const n of graph.nodes) {
    const x = v.get(n.inputs[0])!;
    let y: tf.Tensor;
    switch (n.kind) {
      case 'conv2d':
        y = tf.conv2d(x as tf.Tensor4D, p[`${n.name}.weight`] as tf.Tensor4D, n.stride, n.padding);
        if (n.bias) y = tf.add(y, p[`${n.name}.bias`]);
        break;
      case 'linear': {
        const flat = x.rank === 4 ? tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [x.shape[0], -1]) : x;
        y = tf.matMul(flat as tf.Tensor2D, p[`${n.name}.weight`] as tf.Tensor2D, false, true);
        if (n.bias) y = tf.add(y, p[`${n.name}.bias`]);
        break;
      }
      case 'batchnorm': {
        const axes = x.shape.slice(0, -1).map((_, i) => i);
        const { mean, variance } = tf.moments(x, axes);
        y = tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), p[`${n.name}.weight`]), p[`${n.name}.bias`]);
        break;
      }
      case 'relu':
        y = tf.relu(x);
        break;
      case 'maxpool': {
        const [, h, w] = x.shape;
        const out = (s: number) => (n.ceil ? Math.ceil((s - n.kernel) / n.stride) + 1 : Math.floor((s - n.kernel) / n.stride) + 1);
        const ph = (out(h) - 1) * n.stride + n.kernel - h;
        const pw = (out(w) - 1) * n.stride + n.kernel - w;
        const padded =
          ph > 0 || pw > 0
            ? tf.pad(
                x,
                [
                  [0, 0],
                  [0, Math.max(0, ph)],
                  [0, Math.max(0, pw)],
                  [0, 0],
                ],
                -1e30,
              )
            : x;
        y = tf.maxPool(padded as tf.Tensor4D, n.kernel, n.stride, 'valid');
        break;
      }
      case 'avgpool':
        y = tf.avgPool(x as tf.Tensor4D, n.kernel, n.kernel, 'valid');
        break;
      case 'add':
        y = tf.add(x, v.get(n.inputs[1])!);
        break;
      case 'loss': {
        const logp = tf.logSoftmax(x as tf.Tensor2D);
        y = tf.neg(tf.mean(tf.sum(tf.mul(logp, tf.oneHot(label as tf.Tensor1D, n.classes)), 1)));
        break;
      }
    }
    v.set(n.output, y);
  }
  return v.get(graph.loss) as tf.Scalar;
}

/** PyTorch-layout float64 params → loss, in plain JS (NCHW). */
export function float64Loss(graph: Graph, input: Float64Array, label: Int32Array, p: Map<string, Float64Array>): number {
  const v = new Map<string, { d: Float64Array; s: number[] }>([[graph.input, { d: input, s: graph.tensors.get(graph.input)!.shape }]]);
  for (const n of graph.nodes) {
    const { d: x, s } = v.get(n.inputs[0])!;
    const outShape = graph.tensors.get(n.output)!.shape;
    const y = new Float64Array(outShape.reduce((a, b) => a * b, 1));
    const [N, C, H, W] = s;
    switch (n.kind) {
      case 'conv2d': {
        const [, K, P, Q] = outShape;
        const w = p.get(`${n.name}.weight`)!;
        const b = n.bias ? p.get(`${n.name}.bias`)! : undefined;
        const R = n.kernel;
        for (let i = 0; i < N; i++)
          for (let k = 0; k < K; k++)
            for (let pp = 0; pp < P; pp++)
              for (let q = 0; q < Q; q++) {
                let acc = b ? b[k] : 0;
                for (let c = 0; c < C; c++)
                  for (let r = 0; r < R; r++)
                    for (let t = 0; t < R; t++) {
                      const hh = pp * n.stride - n.padding + r;
                      const ww = q * n.stride - n.padding + t;
                      if (hh < 0 || ww < 0 || hh >= H || ww >= W) continue;
                      acc += x[((i * C + c) * H + hh) * W + ww] * w[((k * C + c) * R + r) * R + t];
                    }
                y[((i * K + k) * P + pp) * Q + q] = acc;
              }
        break;
      }
      case 'linear': {
        const w = p.get(`${n.name}.weight`)!;
        const b = n.bias ? p.get(`${n.name}.bias`)! : undefined;
        const F = n.inFeatures;
        for (let i = 0; i < N; i++)
          for (let o = 0; o < n.outFeatures; o++) {
            let acc = b ? b[o] : 0;
            for (let f = 0; f < F; f++) acc += x[i * F + f] * w[o * F + f];
            y[i * n.outFeatures + o] = acc;
          }
        break;
      }
      case 'batchnorm': {
        const g = p.get(`${n.name}.weight`)!;
        const bb = p.get(`${n.name}.bias`)!;
        const ch = s[1];
        const inner = s.length === 4 ? s[2] * s[3] : 1;
        for (let c = 0; c < ch; c++) {
          let mean = 0;
          let sq = 0;
          for (let i = 0; i < N; i++) for (let j = 0; j < inner; j++) mean += x[(i * ch + c) * inner + j];
          mean /= N * inner;
          for (let i = 0; i < N; i++) for (let j = 0; j < inner; j++) sq += (x[(i * ch + c) * inner + j] - mean) ** 2;
          const inv = 1 / Math.sqrt(sq / (N * inner) + EPS);
          for (let i = 0; i < N; i++) for (let j = 0; j < inner; j++) y[(i * ch + c) * inner + j] = (x[(i * ch + c) * inner + j] - mean) * inv * g[c] + bb[c];
        }
        break;
      }
      case 'relu':
        for (let i = 0; i < x.length; i++) y[i] = Math.max(0, x[i]);
        break;
      case 'maxpool':
      case 'avgpool': {
        const [, , P, Q] = outShape;
        const k = n.kernel;
        const st = n.kind === 'maxpool' ? n.stride : k;
        for (let i = 0; i < N * C; i++)
          for (let pp = 0; pp < P; pp++)
            for (let q = 0; q < Q; q++) {
              let m = n.kind === 'maxpool' ? -Infinity : 0;
              for (let r = 0; r < k; r++)
                for (let t = 0; t < k; t++) {
                  const hh = pp * st + r;
                  const ww = q * st + t;
                  if (hh >= H || ww >= W) continue;
                  const val = x[(i * H + hh) * W + ww];
                  m = n.kind === 'maxpool' ? Math.max(m, val) : m + val / (k * k);
                }
              y[(i * P + pp) * Q + q] = m;
            }
        break;
      }
      case 'add': {
        const b = v.get(n.inputs[1])!.d;
        for (let i = 0; i < x.length; i++) y[i] = x[i] + b[i];
        break;
      }
      case 'loss': {
        const K = n.classes;
        let total = 0;
        for (let i = 0; i < N; i++) {
          let mx = -Infinity;
          for (let k = 0; k < K; k++) mx = Math.max(mx, x[i * K + k]);
          let z = 0;
          for (let k = 0; k < K; k++) z += Math.exp(x[i * K + k] - mx);
          total -= x[i * K + label[i]] - mx - Math.log(z);
        }
        y[0] = total / N;
        break;
      }
    }
    v.set(n.output, { d: y, s: outShape });
  }
  return v.get(graph.loss)!.d[0];
}
