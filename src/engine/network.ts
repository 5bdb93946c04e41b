// A trainable network: the graph, its step program under a stash policy, the parameters and the
// interpreter. train/eval/grad and the tests all go through this one object.
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../net/graph.ts';
import { getModel } from '../net/models/index.ts';
import { StepProgram } from '../net/program.ts';
import { parseRuleChoice, type RuleChoice } from '../net/rules/index.ts';
import type { TraceEvent } from '../trace/schema.ts';
import { defaultDtypes, stashPolicies } from '../trace/stash.ts';
import { Executor } from './executor.ts';
import { initState } from './init.ts';
import { defaultEngineOptions, type EngineOptions } from './options.ts';
import type { Updater } from './kernels/kernel.ts';

export interface NetworkSpec {
  model: string;
  rule: string;
  batch: number;
  inputShape: [number, number, number];
  classes: number;
  width: number;
  seed: number;
  stash?: string;
  engine?: Partial<EngineOptions>;
}

const noUpdate: Updater = {
  update() {
    throw new Error('no optimizer attached: this network only evaluates');
  },
};

export class Network {
  readonly graph: Graph;
  readonly rule: RuleChoice;
  readonly events: TraceEvent[];
  readonly params: Map<string, tf.Tensor>;
  readonly executor: Executor;
  readonly options: EngineOptions;

  constructor(
    readonly spec: NetworkSpec,
    graph?: Graph,
    shared?: Map<string, tf.Tensor>,
  ) {
    this.rule = parseRuleChoice(spec.rule);
    this.graph =
      graph ?? getModel(spec.model).build({ batch: spec.batch, inputShape: spec.inputShape, classes: spec.classes, width: spec.width, rule: this.rule });
    const policy = stashPolicies[spec.stash ?? 'compact'];
    this.events = StepProgram.events(this.graph, { stash: policy, dtypes: defaultDtypes(policy) });
    this.options = { ...defaultEngineOptions, ...spec.engine };
    this.params = shared ?? initState(this.graph, this.events, spec.seed, this.options);
    this.executor = new Executor(this.events, this.params, noUpdate);
  }

  /** The same network at another batch size (evaluation), over the same parameter tensors (dispose only the source). */
  static sharing(src: Network, batch: number): Network {
    return new Network({ ...src.spec, batch }, undefined, src.params);
  }

  set updater(u: Updater) {
    this.executor.updater = u;
  }

  /** One training step; returns the loss and the logits (caller disposes nothing: values are copied out). */
  trainStep(
    input: tf.Tensor,
    label: tf.Tensor,
    onEvent?: (ev: TraceEvent) => void,
    beforeUpdate?: (gradients: tf.Tensor[]) => void,
  ): { loss: number; predictions: Int32Array } {
    const kept = this.executor.run(input, label, { training: true, keep: new Set([this.graph.logits, this.graph.loss]), onEvent, beforeUpdate });
    return this.readOut(kept);
  }

  /** Forward pass in evaluation mode (running statistics); returns the loss and predicted classes. */
  evaluate(input: tf.Tensor, label: tf.Tensor): { loss: number; predictions: Int32Array } {
    const kept = this.executor.run(input, label, {
      training: false,
      commit: false,
      phases: new Set(['forward']),
      keep: new Set([this.graph.logits, this.graph.loss]),
    });
    return this.readOut(kept);
  }

  /** Forward and backward in training mode without changing the model: every gradient and error tensor. */
  gradients(input: tf.Tensor, label: tf.Tensor, ids?: (id: string) => boolean): Map<string, tf.Tensor> {
    const keep = new Set<string>();
    for (const e of this.events) for (const w of e.writes) if (e.phase === 'backward' && (ids ? ids(w.id) : true)) keep.add(w.id);
    return this.executor.run(input, label, { training: true, commit: false, phases: new Set(['forward', 'backward']), keep });
  }

  private readOut(kept: Map<string, tf.Tensor>): { loss: number; predictions: Int32Array } {
    const logits = kept.get(this.graph.logits)!;
    const lossT = kept.get(this.graph.loss)!;
    const arg = tf.argMax(logits, 1);
    const predictions = Int32Array.from(arg.dataSync());
    const loss = lossT.dataSync()[0];
    arg.dispose();
    for (const t of kept.values()) t.dispose();
    return { loss, predictions };
  }

  dispose(): void {
    for (const t of this.params.values()) t.dispose();
    this.params.clear();
  }
}
