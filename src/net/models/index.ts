import { convnet } from './convnet.ts';
import type { Model } from './model.ts';
import { resnet18, resnet18NoShortcut, resnet34 } from './resnet.ts';
import { own } from '../../util/lookup.ts';

export type { Model, ModelOptions } from './model.ts';

export const models: Record<string, Model> = Object.fromEntries([convnet, resnet18, resnet18NoShortcut, resnet34].map((m) => [m.name, m]));

/** Per-sample input shape and class count of each dataset name accepted by --input. */
export const inputs: Record<string, { shape: [number, number, number]; classes: number }> = {
  mnist: { shape: [1, 28, 28], classes: 10 },
  cifar10: { shape: [3, 32, 32], classes: 10 },
  cifar100: { shape: [3, 32, 32], classes: 100 },
  svhn: { shape: [3, 32, 32], classes: 10 },
  tinyimagenet: { shape: [3, 64, 64], classes: 200 },
  imagenet: { shape: [3, 224, 224], classes: 1000 },
};

export function getModel(name: string): Model {
  const m = own(models, name);
  if (!m) throw new Error(`unknown model "${name}": expected one of ${Object.keys(models).join(', ')}`);
  return m;
}
