// Replays a trace through the buffer and DRAM, one op at a time:
//   lower the op (accesses, cycles, mapping) -> forwarding from the previous op / to the next (forward.ts)
//   -> residency (pin, bypass, the buffer's policy) -> DRAM transfers (coalesced) -> time and energy.
// An op's time is the longest of its compute (its lowering's cycles on the PE array or vector unit), its
// on-chip traffic at buffer bandwidth, and its DRAM transfers (double buffering overlaps the three).
// Tensors get block-aligned addresses on first sight and give them back when freed (tensors.ts), so the
// replay's state is bounded by a step's live tensors; freed tensors leave the buffer without write-back.
// The end of the step is a named step of its own, the drain: dirty blocks (updated weights, B, momentum)
// go back to DRAM.
// share.match (AS/ASAP's channel repeat + max-pool of the shared activation) is fused into the weight-
// gradient op that consumes it: the matched tensor moves no bytes of its own and its consumer reads the
// shared activation itself.
// With a weight_buffer, weights, B, weight gradients and optimizer state live there and everything else in
// the global buffer; each has its own capacity, bandwidth and energy.
import type { ArchConfig } from '../arch/schema.ts';
import type { TensorRef, TensorRole, TraceEvent, TraceHeader } from '../trace/schema.ts';
import { needsFuture, residencyPolicies, type Buffer } from './buffer/index.ts';
import type { DramModel } from '../dram/dram.ts';
import type { Access, LowerContext, LoweredOp, Lowering } from './lower/lowering.ts';
import { streaming } from './lower/streaming.ts';
import { tiled } from './lower/tiled.ts';
import { mapped } from './lower/mapped.ts';
import { isMatrixOp } from '../trace/ops.ts';
import { planForwarding, type Forwarded, type ProducerRecord } from './forward.ts';
import { OpAccount, weightRoles } from './op-account.ts';
import { TensorTable } from './tensors.ts';
import { StashTracker } from './stash-tracker.ts';
import { StepFuture } from './future.ts';
import { StepTotals } from './step-totals.ts';
import type { OpStats, ReplayResult } from './stats.ts';

const lowerings: Record<ArchConfig['lowering'], Lowering> = { mapped, tiled, streaming };

export interface ReplayInput {
  header: TraceHeader;
  arch: ArchConfig;
  archHash: string;
  dram: DramModel;
  lowering?: Lowering;
  /** The step's op order, for the next-use policy (built by the caller that holds or can re-read the step). */
  future?: StepFuture;
  /** Called with each op's stats; the result's `ops` keeps them only when `keepOps` (default true). */
  onOp?: (op: OpStats) => void;
  keepOps?: boolean;
}

export class Replayer {
  private readonly arch: ArchConfig;
  private readonly buffer: Buffer;
  private readonly weightBuffer: Buffer | undefined;
  private readonly lowering: Lowering;
  private readonly tensors: TensorTable;
  private readonly account: OpAccount;
  private readonly totals = new StepTotals();
  private readonly stash = new StashTracker();
  private readonly aliases = new Map<string, TensorRef>();
  private readonly heldByMatch = new Map<string, string>();
  private readonly pinned = new Map<string, TensorRef>();
  private pinnedBytes = 0;
  private index = 0;
  private pending: { event: TraceEvent; lowered: LoweredOp } | undefined;
  private incoming = new Map<string, Forwarded>();

  constructor(private readonly input: ReplayInput) {
    const arch = (this.arch = input.arch);
    const policy = residencyPolicies[arch.buffer.replacement];
    if (arch.buffer.replacement === 'next-use' && !input.future) throw new Error('the next-use policy needs the step future (ReplayInput.future)');
    const future = {
      now: () => this.index,
      next: (slot: number, inclusive: boolean) => input.future!.next(this.tensors.at(slot).ref.id, this.index, inclusive),
    };
    this.buffer = policy(arch.buffer.capacity - arch.residency.pin_capacity, arch.buffer.block, future);
    const wb = arch.weight_buffer;
    this.weightBuffer = wb ? policy(wb.capacity, wb.block, future) : undefined;
    this.lowering = input.lowering ?? lowerings[arch.lowering];
    const align = Math.max(arch.buffer.block, wb?.block ?? 0);
    this.tensors = new TensorTable(align, Math.min(arch.buffer.block, wb?.block ?? Infinity));
    this.account = new OpAccount(arch, this.tensors);
  }

  private bufferFor(role: TensorRole): Buffer {
    return this.weightBuffer && weightRoles.has(role) ? this.weightBuffer : this.buffer;
  }

  private context(event: TraceEvent, previous: TraceEvent | undefined): LowerContext {
    const x = event.reads[0];
    const epilogue =
      this.arch.fusion.bn_statistics === 'epilogue' &&
      event.op === 'batchnorm' &&
      !!previous &&
      isMatrixOp(previous.op) &&
      previous.writes.some((w) => w.id === x?.id);
    return { statisticsInEpilogue: epilogue };
  }

  /** Feeds the next event; events are processed one behind, to see who reads what next. */
  step(event: TraceEvent): void {
    const lowered =
      event.op === 'share.match'
        ? { accesses: [], cycles: 0, utilisation: 1, mapping: 'fused into its weight gradient', unit: 'vector' as const }
        : this.lowering.lower(event, this.arch, this.context(event, this.pending?.event));
    if (this.pending) this.process(this.pending.event, this.pending.lowered, { event, lowered });
    this.pending = { event, lowered };
  }

  /** Serves one access: forwarded, pinned, bypassed, or through the buffer's policy. */
  private serve(a: Access, recompute: (r: ProducerRecord) => void): void {
    const acc = this.account;
    const s = this.tensors.slot(a.tensor);
    const id = a.tensor.id;
    acc.request(a.tensor, a.bytes, a.write);
    if (a.bytes === 0) return;
    const inward = a.write ? undefined : this.incoming.get(id);
    const outward = a.write && a.path === 'buffer' ? this.outgoing.get(id) : undefined;
    acc.tag = undefined;
    // Halo rows of a forwarded input (pass 0 reads beyond the first) sit in the consumer's line buffer.
    if (inward && a.pass === 0 && a.path !== 'buffer') return acc.onChip(s.index, a.bytes, false);
    if (inward && (a.pass === 0 || inward.extra === 'free')) {
      acc.tag = 'forwarded';
      return acc.onChip(s.index, a.bytes, false);
    }
    if (inward && a.path === 'local') return acc.onChip(s.index, a.bytes, false); // the consumer keeps what it received
    if (inward?.kind === 'pure') {
      if (inward.extra === 'recompute') {
        acc.tag = 'recomputed';
        acc.onChip(s.index, a.bytes, false);
        return recompute(inward.record);
      }
      // The spilled copy went through the buffer: what stayed is hit, the rest comes back from DRAM.
      acc.tag = 'spilled';
      return this.bufferFor(a.tensor.role).access(s.index, s.base, a.offset, a.bytes, false, acc);
    }
    if (outward?.kind === 'pure') {
      acc.tag = 'forwarded';
      acc.onChip(s.index, a.bytes, true);
      if (outward.extra !== 'spill') return;
      acc.tag = 'spilled';
      acc.request(a.tensor, a.bytes, true); // the spill copy is a second write of the same bytes
      return this.bufferFor(a.tensor.role).access(s.index, s.base, a.offset, a.bytes, true, acc);
    }
    if (this.pinned.has(id)) return acc.onChip(s.index, a.bytes, a.write);
    const role = a.tensor.role;
    let path = a.path;
    if (path === 'buffer' && this.arch.residency.bypass.includes(role)) path = 'dram';
    if (
      path === 'buffer' &&
      a.write &&
      !a.tensor.persistent &&
      this.arch.residency.pin.includes(role) &&
      this.pinnedBytes + a.tensor.bytes <= this.arch.residency.pin_capacity
    ) {
      this.pinned.set(id, a.tensor);
      this.pinnedBytes += a.tensor.bytes;
      return acc.onChip(s.index, a.bytes, true);
    }
    if (path === 'buffer') this.bufferFor(role).access(s.index, s.base, a.offset, a.bytes, a.write, acc);
    else if (path === 'local') acc.onChip(s.index, a.bytes, a.write);
    else acc.dram(s.index, s.base + a.offset, a.bytes, a.write, false);
  }

  private outgoing = new Map<string, Forwarded>();

  private process(event: TraceEvent, lowered: LoweredOp, next: { event: TraceEvent; lowered: LoweredOp } | undefined): void {
    const arch = this.arch;
    this.account.begin();
    this.outgoing = planForwarding(arch, event, next?.event, next?.lowered, this.incoming);
    if (event.op === 'share.match') this.aliases.set(event.writes[0].id, event.reads[0]);
    let cycles = lowered.cycles;
    let sideCycles = 0; // recomputed ops on the other unit run alongside this op's
    let macEnergy = isMatrixOp(event.op) ? event.dims.macs * arch.compute.mac_energy : 0;
    let vectorEnergy = isMatrixOp(event.op) ? 0 : event.dims.macs * arch.compute.vector_op_energy;
    // Recompute: the producer chain runs again; what it read from memory is read again, what was forwarded into it is recomputed too.
    const recompute = (r: ProducerRecord): void => {
      const redo = this.lowering.lower(r.event, arch, { statisticsInEpilogue: false });
      if (redo.unit === lowered.unit) cycles += redo.cycles;
      else sideCycles += redo.cycles;
      if (isMatrixOp(r.event.op)) macEnergy += r.event.dims.macs * arch.compute.mac_energy;
      else vectorEnergy += r.event.dims.macs * arch.compute.vector_op_energy;
      for (const t of r.event.reads) {
        const inner = r.inputs.get(t.id);
        if (inner) recompute(inner);
        else {
          const s = this.tensors.slot(t);
          this.account.request(t, t.bytes, false);
          this.account.tag = 'recomputed';
          this.bufferFor(t.role).access(s.index, s.base, 0, t.bytes, false, this.account);
        }
      }
    };
    const real = (t: TensorRef) => this.aliases.get(t.id) ?? t;
    for (const b of lowered.bufferAccess ?? []) this.account.mapped.add(real(b.tensor).id);
    for (const access of lowered.accesses) {
      const alias = this.aliases.get(access.tensor.id);
      // The consumer of a matched tensor streams the shared activation in its place: each pass reads the shared bytes.
      const scaled = alias ? Math.min(alias.bytes, Math.round((access.bytes * alias.bytes) / Math.max(1, access.tensor.bytes))) : 0;
      this.serve(alias ? { ...access, tensor: alias, bytes: scaled } : access, recompute);
    }
    for (const b of lowered.bufferAccess ?? []) this.account.chargeMapped(real(b.tensor), b.reads, b.writes);
    this.stash.see(event);
    const stats = this.totals.time(arch, this.input.dram, this.account, event, this.index, {
      cycles: Math.max(cycles, sideCycles),
      utilisation: lowered.utilisation,
      mapping: lowered.mapping,
      unit: lowered.unit,
    });
    this.totals.energy(macEnergy, vectorEnergy, this.account.bufferEnergyJ);
    this.account.bufferEnergyJ = 0;
    // A share.match that is its shared activation's last reader would free it, but the weight gradient
    // reads the shared activation in the matched tensor's place: free it with the matched tensor instead.
    const frees: string[] = [];
    for (const id of event.frees) {
      if (event.op === 'share.match' && id === event.reads[0].id) this.heldByMatch.set(event.writes[0].id, id);
      else frees.push(id, ...(this.heldByMatch.has(id) ? [this.heldByMatch.get(id)!] : []));
    }
    for (const id of frees) {
      this.heldByMatch.delete(id);
      this.aliases.delete(id);
      const s = this.tensors.release(id);
      if (s) this.bufferFor(s.ref.role).free(s.index, s.base, s.ref.bytes);
      const p = this.pinned.get(id);
      if (p) {
        this.pinnedBytes -= p.bytes;
        this.pinned.delete(id);
      }
    }
    this.incoming = this.outgoing;
    this.index++;
    this.emit(stats);
  }

  private readonly ops: OpStats[] = [];

  private emit(stats: OpStats): void {
    this.input.onOp?.(stats);
    if (this.input.keepOps !== false) this.ops.push(stats);
  }

  finish(): ReplayResult {
    if (this.pending) this.process(this.pending.event, this.pending.lowered, undefined);
    this.pending = undefined;
    // The drain: updated weights, B and momentum go back to DRAM (pinned persistent tensors too).
    const acc = this.account;
    acc.begin();
    this.buffer.flush(acc);
    this.weightBuffer?.flush(acc);
    for (const p of this.pinned.values())
      if (p.persistent) {
        const s = this.tensors.slot(p);
        acc.dram(s.index, s.base, p.bytes, true, true);
      }
    const drain = this.totals.drain(this.input.dram, acc, this.index);
    this.totals.energy(0, 0, acc.bufferEnergyJ);
    const arch = this.arch;
    const h = this.input.header;
    return {
      trace: { model: h.model, rule: h.rule, label: h.label, k: h.k, batch: h.batch, inputShape: h.inputShape, stash: h.stash.name, source: h.source },
      arch: { name: arch.name, hash: this.input.archHash, dramModel: this.input.dram.name, bufferBytes: arch.buffer.capacity, blockBytes: arch.buffer.block },
      ...this.totals.result(this.input.dram),
      ops: this.ops,
      drain,
      model: {
        residency: arch.buffer.replacement,
        lowering: this.lowering.name,
        dataflow: arch.dataflow,
        extraPasses: arch.fusion.extra_passes,
        bnStatistics: arch.fusion.bn_statistics,
        writeThrough: arch.fusion.write_through,
        fuseAdjacent: arch.residency.fuse_adjacent,
      },
      stash: this.stash.stats(),
    };
  }
}

/** Replays a whole trace held in memory (simulate streams a file through Replayer.step). */
export function replaySync(input: ReplayInput, events: Iterable<TraceEvent>): ReplayResult {
  if (needsFuture[input.arch.buffer.replacement] && !input.future) {
    const list = [...events];
    input = { ...input, future: new StepFuture(list) };
    events = list;
  }
  const r = new Replayer(input);
  for (const e of events) r.step(e);
  return r.finish();
}
