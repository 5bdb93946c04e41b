// asapsim eval: test accuracy and loss of a checkpoint (model, rule and width from its metadata).
import type { Command } from 'commander';
import { chooseBackend, parseBackend } from '../engine/backend.ts';
import { loadCheckpoint } from '../engine/checkpoint.ts';
import { loadDataset } from '../engine/data/index.ts';
import { Network } from '../engine/network.ts';
import { readSafetensors } from '../engine/safetensors.ts';
import { evaluate } from '../engine/train.ts';
import { inputError } from '../util/errors.ts';
import { dataHelp, engineDataName, positiveInt } from './options.ts';
import { addExamples } from './help.ts';

interface EvalFlags {
  checkpoint: string;
  data: string;
  dataDir?: string;
  batch: number;
  backend: string;
  testLimit?: number;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description('evaluate a checkpoint on a test split')
    .requiredOption('--checkpoint <file>', 'safetensors checkpoint written by asapsim train')
    .option('--data <name>', dataHelp, 'mnist')
    .option('--data-dir <dir>', 'folder with the dataset files')
    .option('--batch <n>', 'evaluation batch size', positiveInt('--batch'), 100)
    .option('--backend <name>', 'auto, node, wasm or cpu', 'auto')
    .option('--test-limit <n>', 'use only the first n test samples', positiveInt('--test-limit'))
    .action(async (f: EvalFlags) => {
      const meta = readSafetensors(f.checkpoint).metadata;
      for (const k of ['model', 'rule', 'width', 'input_shape', 'classes'])
        if (!meta[k]) throw inputError(f.checkpoint, `__metadata__.${k}`, 'present (written by asapsim train)');
      await chooseBackend(parseBackend(f.backend), (l) => console.log(l));
      const data = loadDataset(engineDataName(f.data, f.dataDir), f.dataDir);
      const shape = meta.input_shape.split('x').map(Number) as [number, number, number];
      if (shape.join() !== data.shape.join() || Number(meta.classes) !== data.classes)
        throw inputError(
          f.checkpoint,
          'input_shape/classes',
          `${data.shape.join('x')} with ${data.classes} classes to match ${data.name}, got ${meta.input_shape} with ${meta.classes}`,
        );
      const net = new Network({
        model: meta.model,
        rule: meta.rule,
        batch: f.batch,
        inputShape: shape,
        classes: data.classes,
        width: Number(meta.width),
        seed: 0,
      });
      loadCheckpoint(f.checkpoint, net);
      const r = evaluate(net, data, f.testLimit);
      console.log(`${meta.model} ${meta.rule} on ${data.name}: test accuracy ${r.acc.toFixed(2)}%, loss ${r.loss.toFixed(4)}`);
      net.dispose();
    });
  addExamples(program.commands.at(-1)!, [['asapsim eval --checkpoint runs/train/checkpoint.safetensors', 'test accuracy of a trained run on its dataset']]);
}
