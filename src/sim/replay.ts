// Replays a trace through the buffer and DRAM, one op at a time:
//   lower the op to accesses -> residency (fuse, pin, bypass) -> buffer hits/misses/write-backs
//   -> DRAM transfers (coalesced) -> time.
// An op's time is the longest of its compute (MACs on the array, element ops on the vector unit), its
// on-chip traffic at buffer bandwidth, and its DRAM transfers (double buffering overlaps the three).
// Tensors get block-aligned addresses on first sight; freed tensors leave the buffer without write-back;
// at the end of the step dirty blocks (updated weights, momentum) are flushed to DRAM.
// share.match (AS/ASAP's channel repeat + max-pool of the shared activation) is fused into the weight-
// gradient op that consumes it: the repeat and pooling happen as the shared activation streams in, so the
// matched tensor moves no bytes of its own and its consumer reads the shared activation itself.
// With a weight_buffer, weights, B, weight gradients and optimizer state live there and everything else in
// the global buffer; each has its own capacity, bandwidth and energy.
// With residency.fuse_adjacent, a tensor written by one op and read only by the next (its whole life is
// those two ops) is forwarded on chip tile by tile and never occupies the buffer; the replay looks one
// event ahead to see that.
import type { ArchConfig } from '../arch/schema.ts';
import type { Phase, TensorRef, TensorRole, TraceEvent, TraceHeader } from '../trace/schema.ts';
import type { Buffer, BufferSink } from './buffer/buffer.ts';
import { LruBuffer } from './buffer/lru.ts';
import type { DramModel, DramTransfer } from '../dram/dram.ts';
import type { Access, Lowering } from './lower/lowering.ts';
import { streaming } from './lower/streaming.ts';
import { TensorLiveness } from '../trace/liveness.ts';
import { tiled } from './lower/tiled.ts';
import { addTraffic, dramTotal, emptyTraffic, type LayerStats, type OpStats, type ReplayResult, type Traffic } from './stats.ts';

const weightRoles = new Set<TensorRole>(['weight', 'feedback_weight', 'weight_gradient', 'optimizer_state']);
const matrixOps = new Set([
  'conv2d',
  'conv2d.backward_data',
  'conv2d.backward_weight',
  'linear',
  'linear.backward_data',
  'linear.backward_weight',
  'dfa.project',
]);

interface TensorSlot {
  index: number;
  base: number;
  ref: TensorRef;
}

export interface ReplayInput {
  header: TraceHeader;
  arch: ArchConfig;
  archHash: string;
  dram: DramModel;
  lowering?: Lowering;
  buffer?: Buffer;
}

export class Replayer implements BufferSink {
  private readonly arch: ArchConfig;
  private readonly buffer: Buffer;
  private readonly weightBuffer: Buffer | undefined;
  private bufferEnergyJ = 0;
  private opWeightBufferBytes = 0;
  private readonly lowering: Lowering;
  private readonly slots = new Map<string, TensorSlot>();
  private readonly slotList: TensorSlot[] = [];
  private nextAddress = 0;
  private nowNs = 0;
  private computeNs = 0;
  private readonly totals = emptyTraffic();
  private readonly byRole = new Map<TensorRole, Traffic>();
  private readonly byLayer = new Map<string, LayerStats>();
  private readonly ops: OpStats[] = [];
  private readonly stashByRole = new Map<TensorRole, number>();
  private readonly stashCounted = new Set<string>();
  private readonly forwardWritten = new Set<string>();
  private readonly liveness = new TensorLiveness();
  private readonly aliases = new Map<string, TensorRef>();
  private readonly fused = new Set<string>();
  private readonly pinned = new Map<string, TensorRef>();
  private readonly pinRoles: Set<TensorRole>;
  private readonly bypassRoles: Set<TensorRole>;
  private pinnedBytes = 0;
  private macEnergyJ = 0;
  private vectorEnergyJ = 0;
  private pending: TraceEvent | undefined;
  // Per-op scratch: traffic by role (the op's totals are their sum) and the DRAM transfers to serve.
  private opRoleTraffic = new Map<TensorRole, Traffic>();
  private transfers: DramTransfer[] = [];

  constructor(private readonly input: ReplayInput) {
    this.arch = input.arch;
    const b = input.arch.buffer;
    this.buffer = input.buffer ?? new LruBuffer(b.capacity - input.arch.residency.pin_capacity, b.block);
    const wb = input.arch.weight_buffer;
    this.weightBuffer = wb ? new LruBuffer(wb.capacity, wb.block) : undefined;
    this.lowering = input.lowering ?? (input.arch.lowering === 'streaming' ? streaming : tiled);
    this.pinRoles = new Set(input.arch.residency.pin);
    this.bypassRoles = new Set(input.arch.residency.bypass);
  }

  private slot(ref: TensorRef): TensorSlot {
    let s = this.slots.get(ref.id);
    if (!s) {
      s = { index: this.slotList.length, base: this.nextAddress, ref };
      const block = Math.max(this.buffer.blockBytes, this.weightBuffer?.blockBytes ?? 0);
      this.nextAddress += Math.max(block, Math.ceil(ref.bytes / block) * block);
      this.slots.set(ref.id, s);
      this.slotList.push(s);
    }
    return s;
  }

  private roleTraffic(role: TensorRole): Traffic {
    let t = this.opRoleTraffic.get(role);
    if (!t) this.opRoleTraffic.set(role, (t = emptyTraffic()));
    return t;
  }

  // BufferSink: DRAM traffic of a block (or a bypassing access).
  dram(tensor: number, address: number, bytes: number, write: boolean, writeback: boolean): void {
    const role = this.slotList[tensor].ref.role;
    const t = this.roleTraffic(role);
    // A fill writes the buffer, a write-back reads it; a direct access touches no buffer.
    if (!write || writeback) this.chargeBuffer(role, bytes, !write);
    if (!write) t.dramRead += bytes;
    else if (writeback) t.writeback += bytes;
    else t.dramDirectWrite += bytes;
    const last = this.transfers[this.transfers.length - 1];
    if (last && last.write === write && last.address + last.bytes === address) last.bytes += bytes;
    else this.transfers.push({ address, bytes, write });
  }

  // BufferSink: bytes served on chip.
  onChip(tensor: number, bytes: number, write: boolean): void {
    const role = this.slotList[tensor].ref.role;
    const t = this.roleTraffic(role);
    this.chargeBuffer(role, bytes, write);
    if (write) t.onChipWrite += bytes;
    else t.onChipRead += bytes;
  }

  private chargeBuffer(role: TensorRole, bytes: number, write: boolean): void {
    const wb = this.weightBuffer && weightRoles.has(role) ? this.arch.weight_buffer! : undefined;
    const b = wb ?? this.arch.buffer;
    this.bufferEnergyJ += bytes * (write ? b.write_energy_per_byte : b.read_energy_per_byte);
    if (wb) this.opWeightBufferBytes += bytes;
  }

  private bufferFor(role: TensorRole): Buffer {
    return this.weightBuffer && weightRoles.has(role) ? this.weightBuffer : this.buffer;
  }

  /** Feeds the next event; events are processed one behind, to see who reads what next. */
  step(event: TraceEvent): void {
    if (this.pending) this.process(this.pending, event);
    this.pending = event;
  }

  private pathOf(a: Access, event: TraceEvent, next: TraceEvent | undefined, firstTouch: boolean): Access['path'] {
    const id = a.tensor.id;
    if (this.fused.has(id)) return 'local';
    if (this.pinned.has(id)) return 'local';
    if (a.path !== 'buffer') return a.path;
    const role = a.tensor.role;
    if (this.bypassRoles.has(role)) return 'dram';
    if (a.write && !a.tensor.persistent) {
      if (this.arch.residency.fuse_adjacent && next && next.frees.includes(id) && next.reads.some((r) => r.id === id) && !event.frees.includes(id)) {
        this.fused.add(id);
        return 'local';
      }
      if (this.pinRoles.has(role) && this.pinnedBytes + a.tensor.bytes <= this.arch.residency.pin_capacity && firstTouch) {
        this.pinned.set(id, a.tensor);
        this.pinnedBytes += a.tensor.bytes;
        return 'local';
      }
    }
    return 'buffer';
  }

  private beginOp(): void {
    this.opRoleTraffic = new Map();
    this.transfers = [];
    this.opWeightBufferBytes = 0;
  }

  private opTotals(): Traffic {
    const total = emptyTraffic();
    for (const t of this.opRoleTraffic.values()) addTraffic(total, t);
    return total;
  }

  private process(event: TraceEvent, next: TraceEvent | undefined): void {
    const arch = this.arch;
    this.beginOp();
    const fusedMatch = event.op === 'share.match';
    if (fusedMatch) this.aliases.set(event.writes[0].id, event.reads[0]);
    for (const access of fusedMatch ? [] : this.lowering.lower(event, arch)) {
      const alias = this.aliases.get(access.tensor.id);
      const a = alias ? { ...access, tensor: alias, offset: 0, bytes: alias.bytes } : access;
      const firstTouch = !this.slots.has(a.tensor.id);
      const s = this.slot(a.tensor);
      const t = this.roleTraffic(a.tensor.role);
      if (a.write) t.requestedWrite += a.bytes;
      else t.requestedRead += a.bytes;
      if (a.bytes === 0) continue;
      const path = this.pathOf(a, event, next, firstTouch);
      if (path === 'buffer') this.bufferFor(a.tensor.role).access(s.index, s.base, a.offset, a.bytes, a.write, this);
      else if (path === 'local') this.onChip(s.index, a.bytes, a.write);
      else this.dram(s.index, s.base + a.offset, a.bytes, a.write, false);
    }
    this.trackStash(event);

    const isMatrix = matrixOps.has(event.op);
    const clock = arch.compute.clock / 1e9; // cycles per ns
    const computeNs = event.dims.macs / ((isMatrix ? arch.compute.macs_per_cycle : arch.compute.vector_ops_per_cycle) * clock);
    if (isMatrix) this.macEnergyJ += event.dims.macs * arch.compute.mac_energy;
    else this.vectorEnergyJ += event.dims.macs * arch.compute.vector_op_energy;
    const op = this.opTotals();
    const onChipBytes = op.onChipRead + op.onChipWrite + dramTotal(op);
    const weightBufferNs = arch.weight_buffer ? this.opWeightBufferBytes / (arch.weight_buffer.bandwidth / 1e9) : 0;
    const bufferNs = Math.max((onChipBytes - this.opWeightBufferBytes) / (arch.buffer.bandwidth / 1e9), weightBufferNs);
    const start = this.nowNs;
    const dramDone = this.input.dram.serve(this.transfers, start);
    const end = Math.max(start + computeNs, start + bufferNs, dramDone);
    this.nowNs = end;
    this.computeNs += computeNs;

    for (const id of event.frees) {
      const s = this.slots.get(id);
      if (s) this.bufferFor(s.ref.role).free(s.index, s.base, s.ref.bytes);
      const p = this.pinned.get(id);
      if (p) {
        this.pinnedBytes -= p.bytes;
        this.pinned.delete(id);
      }
      this.fused.delete(id);
    }
    this.record(event, op, start, end, computeNs);
  }

  private trackStash(event: TraceEvent): void {
    this.liveness.check(event);
    if (event.phase === 'forward') for (const w of event.writes) this.forwardWritten.add(w.id);
    if (event.phase === 'backward') {
      for (const r of event.reads) {
        const kept = this.forwardWritten.has(r.id) || r.role === 'saved_activation';
        if (r.persistent || !kept || this.stashCounted.has(r.id)) continue;
        this.stashCounted.add(r.id);
        this.stashByRole.set(r.role, (this.stashByRole.get(r.role) ?? 0) + r.bytes);
      }
    }
  }

  private record(event: TraceEvent, op: Traffic, start: number, end: number, computeNs: number): void {
    addTraffic(this.totals, op);
    let layer = this.byLayer.get(event.layer);
    if (!layer)
      this.byLayer.set(event.layer, (layer = { layer: event.layer, phases: [], macs: 0, computeNs: 0, timeNs: 0, traffic: emptyTraffic(), byRole: {} }));
    if (!layer.phases.includes(event.phase)) layer.phases.push(event.phase as Phase);
    layer.macs += event.dims.macs;
    layer.computeNs += computeNs;
    layer.timeNs += end - start;
    addTraffic(layer.traffic, op);
    for (const [role, t] of this.opRoleTraffic) {
      addTraffic(layer.byRole[role] ?? (layer.byRole[role] = emptyTraffic()), t);
      let total = this.byRole.get(role);
      if (!total) this.byRole.set(role, (total = emptyTraffic()));
      addTraffic(total, t);
    }
    this.ops.push({ seq: event.seq, op: event.op, layer: event.layer, phase: event.phase, startNs: start, endNs: end, computeNs, dramBytes: dramTotal(op) });
  }

  finish(): ReplayResult {
    if (this.pending) this.process(this.pending, undefined);
    this.pending = undefined;
    // End of step: updated weights, B and momentum go back to DRAM (pinned persistent tensors too).
    this.beginOp();
    this.buffer.flush(this);
    this.weightBuffer?.flush(this);
    for (const p of this.pinned.values()) if (p.persistent) this.dram(this.slot(p).index, this.slot(p).base, p.bytes, true, true);
    const start = this.nowNs;
    const end = Math.max(start, this.input.dram.serve(this.transfers, start));
    this.nowNs = end;
    const flushed = this.opTotals();
    if (dramTotal(flushed) > 0)
      this.record(
        { type: 'op', seq: this.ops.length, op: 'sgd.update', layer: '(flush)', phase: 'update', dims: { macs: 0 }, reads: [], writes: [], frees: [] },
        flushed,
        start,
        end,
        0,
      );

    const arch = this.arch;
    const dramStats = this.input.dram.stats();
    const computeJ = this.macEnergyJ + this.vectorEnergyJ;
    const bufferJ = this.bufferEnergyJ;
    const h = this.input.header;
    return {
      trace: { model: h.model, rule: h.rule, label: h.label, k: h.k, batch: h.batch, inputShape: h.inputShape, stash: h.stash.name, source: h.source },
      arch: { name: arch.name, hash: this.input.archHash, dramModel: this.input.dram.name, bufferBytes: arch.buffer.capacity, blockBytes: arch.buffer.block },
      totals: this.totals,
      byRole: Object.fromEntries(this.byRole),
      byLayer: [...this.byLayer.values()],
      ops: this.ops,
      stash: {
        byRole: Object.fromEntries(this.stashByRole),
        totalBytes: [...this.stashByRole.values()].reduce((a, b) => a + b, 0),
        peakLiveBytes: this.liveness.peakBytes,
      },
      time: { computeNs: this.computeNs, stallNs: this.nowNs - this.computeNs, totalNs: this.nowNs, dramBusyNs: dramStats.busyNs },
      energy: { computeJ, bufferJ, dramJ: dramStats.energyJ, totalJ: computeJ + bufferJ + dramStats.energyJ },
      dramDetail: dramStats.detail,
    };
  }
}

/** Replays a whole trace held in memory (simulate streams a file through Replayer.step). */
export function replaySync(input: ReplayInput, events: Iterable<TraceEvent>): ReplayResult {
  const r = new Replayer(input);
  for (const e of events) r.step(e);
  return r.finish();
}
