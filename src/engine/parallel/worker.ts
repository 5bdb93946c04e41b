// A data-parallel worker thread: a tfjs instance of its own (the backend the main thread runs), the
// shard's network with the main thread's initial parameters, and a loop that runs one ShardStep per
// step command in shared memory until told to exit. Any error aborts the whole group and is posted back.
import * as tf from '@tensorflow/tfjs-core';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { chooseBackend, type BackendName } from '../backend.ts';
import { Network, type NetworkSpec } from '../network.ts';
import { Optimizer, type OptimizerConfig } from '../optimizer.ts';
import { COMMAND, CTL, ShardGroup, type GroupBuffers, type GroupLayout } from './shard-group.ts';
import { ShardStep } from './shard-step.ts';

export interface WorkerInit {
  buffers: GroupBuffers;
  layout: GroupLayout;
  shard: number;
  offset: number;
  spec: NetworkSpec;
  optimizer: OptimizerConfig;
  backend: BackendName;
  /** Engine-layout initial parameters (shape, values) by id. */
  params: [string, number[], Float32Array][];
  /** Where a failure is reported (read synchronously by the main thread). */
  errors: MessagePort;
}

export type WorkerMessage = { type: 'ready' } | { type: 'error'; message: string; stack?: string };

const init = workerData as WorkerInit;
const group = new ShardGroup(init.buffers, init.layout, init.shard);
try {
  await chooseBackend(init.backend);
  const net = new Network(init.spec);
  for (const [id, shape, values] of init.params) {
    net.params.get(id)?.dispose();
    net.params.set(id, tf.tensor(values, shape));
  }
  const step = new ShardStep(group, net, new Optimizer(init.optimizer), init.offset);
  let seen = Atomics.load(group.control, CTL.step); // read before 'ready': no step command can come earlier
  parentPort!.postMessage({ type: 'ready' } satisfies WorkerMessage);
  for (;;) {
    group.waitChange(CTL.step, seen);
    seen = Atomics.load(group.control, CTL.step);
    if (Atomics.load(group.control, CTL.command) === COMMAND.exit) break;
    step.run();
  }
  net.dispose();
  init.errors.close();
} catch (e) {
  group.abort();
  const err = e as Error;
  init.errors.postMessage({ type: 'error', message: err.message, stack: err.stack } satisfies WorkerMessage);
}
