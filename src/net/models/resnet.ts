// ResNets as the official code builds them for CIFAR (3x3 stem, four stages of basic blocks, global average
// pool, FC + BN1d); ImageNet-size inputs get the 7x7 stem and max pool.
// Standard layout: stride 2 and channel doubling in the first block of stages 2-4 ([2,2,2,2] for ResNet-18).
// ASAP layout (the official code's resnet_asap): the same convolutions regrouped so the stride-2, doubling
// block is the last of stages 1-3 ([3,2,2,1] for ResNet-18, [4,4,6,2] for ResNet-34). The stem conv is frozen
// (its output detached). In each block conv1 and the 1x1 shortcut take ΔW from the previous shared
// activation and conv2 from the block's input, which becomes the next shared activation; with k=4 every
// other block keeps the previous one instead, so one activation serves 5-6 convs.
import { GraphBuilder, type Graph } from '../graph.ts';
import { scaled, type Model, type ModelOptions } from './model.ts';

interface Variant {
  name: string;
  blocks: number[];
  asapBlocks: number[];
  shortcuts: boolean;
}

function build(v: Variant, o: ModelOptions): Graph {
  const { rule, k } = o.rule;
  const b = new GraphBuilder(v.name, o.batch, o.inputShape, o.classes);
  const ch = (n: number) => scaled(n, o.width);
  const asapLayout = rule.layout === 'asap';
  const tap = (x: string) => (rule.direct ? b.receiver(x) : x);

  // ImageNet-size inputs take the torchvision stem (7x7 stride-2 conv, 3x3 stride-2 max pool) so the
  // stages see 56x56 maps; CIFAR, SVHN, MNIST and Tiny ImageNet keep the CIFAR 3x3 stem.
  const imagenet = o.inputShape[1] >= 128;
  b.block('stem');
  let x = b.conv(
    'conv1',
    b.input,
    imagenet
      ? { out: ch(64), kernel: 7, stride: 2, padding: 3, bias: false, mode: rule.stem }
      : { out: ch(64), kernel: 3, padding: 1, bias: false, mode: rule.stem },
  );
  if (rule.stem === 'frozen') b.detach(x);
  x = b.relu('relu1', b.batchnorm('bn1', x));
  if (imagenet) x = b.maxpool('maxpool', x, 3, 2, false, 1);
  x = tap(x);

  // Each block: [name, out channels, stride]
  const plan: Array<[string, number, number]> = [];
  const planes = [64, 128, 256, 512];
  const counts = asapLayout ? v.asapBlocks : v.blocks;
  counts.forEach((count, stage) => {
    for (let i = 0; i < count; i++) {
      const name = `layer${stage + 1}.${i}`;
      if (asapLayout) {
        const last = i === count - 1 && stage < 3;
        plan.push([name, ch(last ? 2 * planes[stage] : planes[stage]), last ? 2 : 1]);
      } else {
        plan.push([name, ch(planes[stage]), i === 0 && stage > 0 ? 2 : 1]);
      }
    }
  });

  let sharedPrevious = x;
  plan.forEach(([name, out, stride], index) => {
    const inChannels = b.shape(x)[1];
    const usePrevious = k === 4 && index % 2 === 1;
    b.block(name);
    const sharedPresent = usePrevious ? sharedPrevious : x;
    const mode = rule.body;
    const sharing = asapLayout;
    let y = b.conv(`${name}.conv1`, x, { out, kernel: 3, stride, padding: 1, mode, shared: sharing ? sharedPrevious : undefined });
    y = tap(b.relu(`${name}.relu1`, b.batchnorm(`${name}.bn1`, y)));
    y = b.conv(`${name}.conv2`, y, { out, kernel: 3, stride: 1, padding: 1, mode, shared: sharing ? sharedPresent : undefined });
    y = b.batchnorm(`${name}.bn2`, y);
    if (v.shortcuts) {
      let s = x;
      if (stride !== 1 || inChannels !== out) {
        s = b.conv(`${name}.shortcut`, x, { out, kernel: 1, stride, padding: 0, mode, shared: sharing ? sharedPrevious : undefined });
        s = b.batchnorm(`${name}.shortcut.bn`, s);
      }
      y = b.add(`${name}.add`, y, s);
    }
    x = tap(b.relu(`${name}.relu2`, y));
    if (sharing) sharedPrevious = sharedPresent;
  });

  // Global average pool: the official avg_pool2d(out, 4) on CIFAR's 4x4 maps, AdaptiveAvgPool2d in the ASAP layout.
  b.block('head');
  x = b.avgpool('avgpool', x, 0);
  x = b.linear('fc', x, { out: o.classes, bias: true, mode: rule.classifier });
  x = b.batchnorm('fc.bn', x);
  return b.finish(x);
}

const variant = (v: Variant, summary: string): Model => ({ name: v.name, summary, build: (o) => build(v, o) });

export const resnet18 = variant({ name: 'resnet18', blocks: [2, 2, 2, 2], asapBlocks: [3, 2, 2, 1], shortcuts: true }, 'CIFAR ResNet-18');
export const resnet18NoShortcut = variant(
  { name: 'resnet18-noshortcut', blocks: [2, 2, 2, 2], asapBlocks: [3, 2, 2, 1], shortcuts: false },
  'ResNet-18 without shortcut connections',
);
export const resnet34 = variant({ name: 'resnet34', blocks: [3, 4, 6, 3], asapBlocks: [4, 4, 6, 2], shortcuts: true }, 'CIFAR ResNet-34');
