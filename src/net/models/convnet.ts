// The seed's convnet: three 5x5 conv blocks (conv, BN, ReLU, 2x2 max pool with ceil mode) and three FC
// layers (BN1d after each, ReLU after the first two). Under as/asap the first conv is frozen and its pooled
// output is the shared activation of conv2 (its own input) and conv3 (channels doubled, max-pooled by 2);
// the FC layers stay plain FA. Under DFA a feedback receiver follows every block and hidden FC layer.
import { GraphBuilder, numel, type Graph } from '../graph.ts';
import { scaled, type Model, type ModelOptions } from './model.ts';

function build(o: ModelOptions): Graph {
  const { rule } = o.rule;
  const b = new GraphBuilder('convnet', o.batch, o.inputShape, o.classes);
  const c = [64, 128, 256].map((ch) => scaled(ch, o.width));
  const hidden = scaled(1024, o.width);
  const sharing = rule.layout === 'asap';
  const stem = rule.stem;
  const dfaTap = (x: string) => (rule.direct ? b.receiver(x) : x);

  let x = b.input;
  let shared: string | undefined;
  for (let i = 0; i < 3; i++) {
    const name = `conv${i + 1}`;
    b.block(`block${i + 1}`);
    const mode = i === 0 ? stem : rule.body;
    x = b.conv(name, x, { out: c[i], kernel: 5, padding: 2, bias: true, mode, shared: sharing && i > 0 ? shared : undefined });
    if (mode === 'frozen') x = b.detach(x);
    x = b.batchnorm(`bn${i + 1}`, x);
    x = b.relu(`relu${i + 1}`, x);
    x = b.maxpool(`pool${i + 1}`, x, 2, 2, true);
    if (i === 0) shared = x;
    x = dfaTap(x);
  }
  const flat = numel(b.shape(x).slice(1));
  void flat;
  for (let i = 0; i < 3; i++) {
    const last = i === 2;
    b.block(`fc${i + 1}`);
    x = b.linear(`fc${i + 1}`, x, { out: last ? o.classes : hidden, bias: true, mode: rule.classifier });
    x = b.batchnorm(`fc${i + 1}.bn`, x);
    if (!last) x = dfaTap(b.relu(`fc${i + 1}.relu`, x));
  }
  return b.finish(x);
}

export const convnet: Model = { name: 'convnet', summary: "the seed's 3-conv (5x5) + 3-FC network with BN", build };
