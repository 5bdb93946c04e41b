// asapsim grad: the gradients one training step computes under a rule, for checking against another
// implementation. Inputs: parameters (a checkpoint, or seeded init) and a batch file with `input`
// [N, C, H, W] float32 (already normalised) and `label` [N] int32/int64. Output (safetensors, PyTorch
// layouts): `${param}.grad` for every learned parameter, `${layer}.feedback.grad` for every learned B (KP and
// ASAP layers: the gradient B's update applies, ΔB = ΔW, so equal to `${layer}.weight.grad`; fixed FA/DFA B
// have none), and the error at each layer's input under its program id `d:<tensor>@<consumer>`.
import * as tf from '@tensorflow/tfjs-core';
import { derivedOf, parseTensorId } from '../net/tensor-id.ts';
import type { Command } from 'commander';
import { chooseBackend, parseBackend } from '../engine/backend.ts';
import { loadCheckpoint } from '../engine/checkpoint.ts';
import { toEngineLayout, toTraceLayout } from '../engine/kernels/layout.ts';
import { Network } from '../engine/network.ts';
import { asFloat32, readSafetensors, writeSafetensors, type StTensor } from '../engine/safetensors.ts';
import { assertWritableFile } from '../util/atomic.ts';
import { inputError } from '../util/errors.ts';
import { modelName, positiveInt, positiveNumber } from './options.ts';
import { ruleName } from './train.ts';
import { addExamples } from './help.ts';

interface GradFlags {
  model: string;
  rule: string;
  width: number;
  classes: number;
  params?: string;
  seed: number;
  batchFile: string;
  out: string;
  backend: string;
  force: boolean;
}

export function register(program: Command): void {
  program
    .command('grad')
    .description("write one step's parameter gradients, learned-B gradients (KP/ASAP: ΔB = ΔW) and per-layer errors to safetensors")
    .option('--model <name>', 'model', modelName, 'convnet')
    .option('--rule <rule>', 'learning rule', ruleName, 'bp')
    .option('--width <x>', 'channel multiplier', positiveNumber('--width'), 1)
    .option('--classes <n>', 'number of classes', positiveInt('--classes'), 10)
    .option('--params <file>', 'parameters (safetensors checkpoint); default: seeded init')
    .option('--seed <n>', 'init seed when no --params', positiveInt('--seed'), 1)
    .requiredOption('--batch-file <file>', 'safetensors with input [N,C,H,W] float32 and label [N] int')
    .requiredOption('-o, --out <file>', 'output safetensors file')
    .option('--backend <name>', 'auto, node, wasm or cpu', 'auto')
    .option('--force', 'overwrite an existing output', false)
    .action(async (f: GradFlags) => {
      assertWritableFile(f.out, f.force);
      const { tensors } = readSafetensors(f.batchFile);
      const input = tensors.get('input');
      const label = tensors.get('label');
      if (!input || input.shape.length !== 4) throw inputError(f.batchFile, 'input', 'a [N, C, H, W] tensor');
      if (!label || label.shape.join() !== String(input.shape[0])) throw inputError(f.batchFile, 'label', `a [${input.shape[0]}] tensor of class indices`);
      await chooseBackend(parseBackend(f.backend), (l) => console.error(l));
      const [n, c, h, w] = input.shape;
      const net = new Network({ model: f.model, rule: f.rule, batch: n, inputShape: [c, h, w], classes: f.classes, width: f.width, seed: f.seed });
      if (f.params) loadCheckpoint(f.params, net);
      const x = tf.tidy(() => toEngineLayout(tf.tensor(asFloat32(input), input.shape), 'input'));
      const labels = Int32Array.from(asFloat32(label));
      if (labels.some((l) => l < 0 || l >= f.classes || !Number.isInteger(l))) throw inputError(f.batchFile, 'label', `integers in [0, ${f.classes})`);
      const y = tf.tensor1d(labels, 'int32');
      const roles = new Map(net.events.flatMap((e) => e.writes.map((r) => [r.id, r.role] as const)));
      const grads = net.gradients(x, y, (id) => derivedOf(id)?.part === 'grad' || (parseTensorId(id).kind === 'error' && roles.get(id) === 'error'));
      const out = new Map<string, StTensor>();
      for (const [id, t] of [...grads].sort(([a], [b]) => a.localeCompare(b))) {
        const data = Float32Array.from(tf.tidy(() => toTraceLayout(t, roles.get(id)!)).dataSync());
        const shape = net.events.flatMap((e) => e.writes).find((r) => r.id === id)!.shape;
        out.set(id, { dtype: 'F32', shape, data });
      }
      for (const n of net.graph.nodes) {
        if ((n.kind !== 'conv2d' && n.kind !== 'linear') || (n.mode !== 'kp' && n.mode !== 'asap')) continue;
        const dW = out.get(`${n.name}.weight.grad`);
        if (dW) out.set(`${n.name}.feedback.grad`, dW);
      }
      writeSafetensors(f.out, out, {
        model: f.model,
        rule: net.rule.label,
        width: String(f.width),
        note: 'gradients of mean cross-entropy; weight layouts as PyTorch (conv KCRS, linear [out,in]); errors NCHW; <layer>.feedback.grad = the update of a learned B (KP/ASAP: ΔB = ΔW)',
      });
      console.log(`${f.out}: ${out.size} tensors (${net.rule.label})`);
      tf.dispose([x, y, ...grads.values()]);
      net.dispose();
    });
  addExamples(program.commands.at(-1)!, [
    [
      'asapsim grad --model convnet --rule asap --batch-file batch.safetensors -o g.safetensors',
      "one step's gradients of a seeded convnet on a given batch, for cross-checking in PyTorch",
    ],
  ]);
}
