// A dataset in memory: images as raw [0,1] floats in NCHW order, int labels, and the official code's
// per-channel normalisation (applied when batches are made, after augmentation, like torchvision).
export interface Split {
  images: Float32Array; // count × C × H × W, values in [0, 1]
  labels: Int32Array;
  count: number;
}

export interface Dataset {
  name: string;
  /** Where it came from (file or package), for metrics and reports. */
  source: string;
  shape: [number, number, number];
  classes: number;
  mean: number[];
  std: number[];
  train: Split;
  test: Split;
}

/** The official code's Normalize constants per dataset family. */
export const normalisation: Record<string, { mean: number[]; std: number[] }> = {
  mnist: { mean: [0.1307], std: [0.3081] },
  fashion: { mean: [0.1307], std: [0.3081] }, // the official code has no Fashion-MNIST; MNIST's constants
  cifar: { mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201] },
  svhn: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
};

/** The first `n` samples of a split (for quick runs). */
export function take(s: Split, n: number): Split {
  if (n >= s.count) return s;
  const per = s.images.length / s.count;
  return { images: s.images.subarray(0, n * per), labels: s.labels.subarray(0, n), count: n };
}
