import type { Graph, Shape } from '../graph.ts';
import type { RuleChoice } from '../rules/index.ts';

export interface ModelOptions {
  batch: number;
  /** Per-sample input, CHW: [1,28,28] MNIST, [3,32,32] CIFAR/SVHN, [3,64,64] Tiny ImageNet, [3,224,224] ImageNet. */
  inputShape: Shape;
  classes: number;
  /** Channel multiplier for small runs (1 = the published widths). */
  width: number;
  rule: RuleChoice;
}

export interface Model {
  name: string;
  summary: string;
  build(options: ModelOptions): Graph;
}

/** Scales a channel count by the width multiplier, never below 1. */
export function scaled(channels: number, width: number): number {
  return Math.max(1, Math.round(channels * width));
}
