// Data-parallel training over worker_threads: the batch is split into shards (shardSizes), the main thread
// trains shard 0 and each worker thread one more, every shard with its own tfjs instance. BN statistics
// (forward sums and backward sums, through KernelContext.allReduce), the loss divisor and the gradients are
// summed over all shards, so the step is the one-process step up to float rounding (sums in another order)
// and every shard holds the same parameters after it. SGD's update is split over the shards (each updates
// its share of every parameter, then all copy the others' shares). One worker (shards = 1) spawns no thread.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { persistentTensors } from '../init.ts';
import { Network, type NetworkSpec } from '../network.ts';
import { Optimizer, type OptimizerConfig } from '../optimizer.ts';
import type { BackendName } from '../backend.ts';
import { COMMAND, CTL, GroupAborted, ShardGroup, allocateGroup, shardSizes, type GroupLayout } from './shard-group.ts';
import { ShardStep, type StepTotals } from './shard-step.ts';
import { updatePlan } from './update-plan.ts';
import type { WorkerInit, WorkerMessage } from './worker.ts';

function startWorker(init: Omit<WorkerInit, 'errors'>): { worker: Worker; errors: MessagePort } {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  // errors come back on a port of their own, read synchronously when a step aborts (the main thread is
  // blocked in the step then, so an event listener would never run)
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(code, { eval: true, workerData: { ...init, errors: port2 }, transferList: [port2] });
  return { worker, errors: port1 };
}

export class DataParallel {
  private constructor(
    readonly group: ShardGroup,
    /** Shard 0's network: its parameters are every shard's parameters. */
    readonly net: Network,
    readonly optimizer: Optimizer,
    private readonly workers: Worker[],
    private readonly errors: MessagePort[],
    private readonly step0: ShardStep,
  ) {}

  /** The first error a worker reported, if any. */
  private workerFailure(): Error | undefined {
    for (const [i, port] of this.errors.entries()) {
      const m = receiveMessageOnPort(port)?.message as WorkerMessage | undefined;
      if (m?.type === 'error') return Object.assign(new Error(`data-parallel worker ${i + 1}: ${m.message}`), { stack: m.stack });
    }
    return undefined;
  }

  /** Shard 0's network (batch = its share) and, for shards > 1, started and initialised workers. The SGD
   *  update is split over the shards (sharded-sgd.ts) unless `sharded` is false or it cannot be (Adam, a
   *  backend without in-place tensor memory): then every shard applies the whole summed update. */
  static async start(spec: NetworkSpec, shards: number, optimizer: OptimizerConfig, backend: BackendName, sharded = true): Promise<DataParallel> {
    const sizes = shardSizes(spec.batch, shards);
    if (sizes.some((s) => s < 1)) throw new Error(`data parallel: batch ${spec.batch} is smaller than ${shards} shards`);
    const net = new Network({ ...spec, batch: sizes[0] });
    // float64 slots hold BN sums ([Σx, Σx², count] per channel: 2C + 1) and step totals; float32 chunks the gradients
    const channels = Math.max(1, ...net.graph.nodes.map((n) => (n.kind === 'batchnorm' ? n.channels : 0)));
    const gradientValues = persistentTensors(net.events)
      .filter((r) => r.role === 'weight')
      .reduce((a, r) => a + r.shape.reduce((x, y) => x * y, 1), 0);
    const [c, h, w] = spec.inputShape;
    const plan = shards > 1 && sharded && optimizer.kind === 'sgd' && backend !== 'tensorflow' ? updatePlan(net.events) : undefined;
    const layout: GroupLayout = {
      shards,
      slotLength: shards > 1 ? 2 * channels + 1 : 0,
      chunkLength: shards > 1 && !plan ? Math.max(1, Math.min(gradientValues, 1 << 22)) : 0,
      gradientLength: plan?.gradientLength ?? 0,
      updateLength: plan?.updateLength ?? 0,
      batch: spec.batch,
      features: c * h * w,
    };
    const buffers = allocateGroup(layout);
    const group = new ShardGroup(buffers, layout, 0);
    const params: WorkerInit['params'] = [...net.params].map(([id, t]) => [id, t.shape, Float32Array.from(t.dataSync())]);
    const workers: Worker[] = [];
    const errors: MessagePort[] = [];
    const ready: Promise<void>[] = [];
    let offset = sizes[0];
    for (let s = 1; s < shards; s++) {
      const { worker, errors: port } = startWorker({ buffers, layout, shard: s, offset, spec: { ...spec, batch: sizes[s] }, optimizer, backend, params });
      offset += sizes[s];
      workers.push(worker);
      errors.push(port);
      ready.push(
        new Promise((resolve, reject) => {
          worker.once('message', (m: WorkerMessage) => (m.type === 'ready' ? resolve() : reject(new Error(`data-parallel worker ${s}: ${m.message}`))));
          port.once('message', (m: WorkerMessage) => reject(new Error(`data-parallel worker ${s}: ${m.type === 'error' ? m.message : m.type}`)));
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`data-parallel worker ${s} exited (${code}) before it was ready`)));
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      group.abort();
      await Promise.all(workers.map((w) => w.terminate()));
      net.dispose();
      throw e;
    }
    for (const w of workers) w.removeAllListeners('exit');
    for (const p of errors) p.removeAllListeners('message');
    const opt = new Optimizer(optimizer);
    return new DataParallel(group, net, opt, workers, errors, new ShardStep(group, net, opt, 0));
  }

  get shards(): number {
    return this.group.layout.shards;
  }

  /** One training step on a whole batch (NHWC float32 values, int32 labels) at learning rate `lr`. */
  step(input: Float32Array, labels: Int32Array, lr: number): StepTotals {
    const g = this.group;
    g.input.set(input);
    g.labels.set(labels);
    g.scalars[0] = lr;
    if (this.shards > 1) {
      Atomics.store(g.control, CTL.command, COMMAND.step);
      Atomics.add(g.control, CTL.step, 1);
      Atomics.notify(g.control, CTL.step);
    }
    try {
      return this.step0.run();
    } catch (e) {
      g.abort();
      if (e instanceof GroupAborted) throw this.workerFailure() ?? e;
      throw e;
    }
  }

  async close(): Promise<void> {
    const g = this.group;
    Atomics.store(g.control, CTL.command, COMMAND.exit);
    Atomics.add(g.control, CTL.step, 1);
    Atomics.notify(g.control, CTL.step);
    await Promise.all(this.workers.map((w) => new Promise((r) => (w.once('exit', r), setTimeout(() => w.terminate(), 5000).unref()))));
    for (const p of this.errors) p.close();
    this.optimizer.dispose();
  }
}
