// Loop dimensions of the program's ops, from the graph's shapes (the trace's `dims`, the mapper's input).
import type { ConvNode, LinearNode, Shape } from './graph.ts';
import type { LoopDims } from '../trace/schema.ts';

type ShapeOf = (id: string) => Shape;

export function weightShape(n: ConvNode | LinearNode): Shape {
  return n.kind === 'conv2d' ? [n.outChannels, n.inChannels, n.kernel, n.kernel] : [n.outFeatures, n.inFeatures];
}

export function layerDims(n: ConvNode | LinearNode, N: number, shapeOf: ShapeOf): LoopDims {
  if (n.kind === 'linear') return { N, C: n.inFeatures, K: n.outFeatures, macs: N * n.inFeatures * n.outFeatures };
  const [, , H, W] = shapeOf(n.inputs[0]);
  const [, , P, Q] = shapeOf(n.output);
  const R = n.kernel;
  return {
    N,
    C: n.inChannels,
    K: n.outChannels,
    H,
    W,
    P,
    Q,
    R,
    S: R,
    stride: n.stride,
    padding: n.padding,
    macs: N * n.outChannels * P * Q * n.inChannels * R * R,
  };
}

export function poolDims(shapeOf: ShapeOf, x: string, y: string, kernel: number, stride: number, ceil: boolean, padding = 0): Omit<LoopDims, 'macs'> {
  const [N, C, H, W] = shapeOf(x);
  const [, , P, Q] = shapeOf(y);
  return { N, C, H, W, P, Q, R: kernel, S: kernel, stride, ceil, ...(padding ? { padding } : {}) };
}
