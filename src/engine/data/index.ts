// Dataset names accepted by --data: the bundled MNIST subset (default), IDX directories, CIFAR binaries,
// SVHN .mat files, or synthetic data. Files are found under --data-dir.
import { existsSync } from 'node:fs';
import { UserError } from '../../util/errors.ts';
import { bundledMnist } from './bundled-mnist.ts';
import { cifarDataset } from './cifar.ts';
import type { Dataset } from './dataset.ts';
import { idxDataset } from './idx.ts';
import { svhnDataset } from './svhn.ts';
import { syntheticDataset } from './synthetic.ts';

export type { Dataset, Split } from './dataset.ts';

export const datasetNames = ['mnist-bundled', 'mnist', 'fashion-mnist', 'cifar10', 'cifar100', 'svhn', 'synthetic'] as const;

/** Where Debian's dataset-fashion-mnist package installs its IDX files. */
export const DEBIAN_FASHION_DIR = '/usr/share/datasets/fashion-mnist';

export function loadDataset(name: string, dir?: string, synthetic?: { shape: [number, number, number]; classes: number }): Dataset {
  const need = (what: string) => {
    if (!dir) throw new UserError(`--data ${name}: needs --data-dir pointing at the ${what}`);
    if (!existsSync(dir)) throw new UserError(`${dir}: --data-dir: an existing directory with the ${what}`);
    return dir;
  };
  switch (name) {
    case 'mnist-bundled':
      return bundledMnist();
    case 'mnist':
      return idxDataset(need('MNIST IDX files'), 'mnist');
    case 'fashion-mnist':
      if (!dir && !existsSync(DEBIAN_FASHION_DIR))
        throw new UserError(
          `--data fashion-mnist: ${DEBIAN_FASHION_DIR} is missing: install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data-dir`,
        );
      return idxDataset(dir ? need('Fashion-MNIST IDX files') : DEBIAN_FASHION_DIR, 'fashion');
    case 'cifar10':
      return cifarDataset(need('CIFAR-10 binary batches'), 10);
    case 'cifar100':
      return cifarDataset(need('CIFAR-100 binary files'), 100);
    case 'svhn':
      return svhnDataset(need('SVHN train_32x32.mat and test_32x32.mat'));
    case 'synthetic':
      return syntheticDataset(synthetic?.shape ?? [1, 28, 28], synthetic?.classes ?? 10, 512, 128);
    default:
      throw new UserError(`--data: expected one of ${datasetNames.join(', ')}, got "${name}"`);
  }
}
