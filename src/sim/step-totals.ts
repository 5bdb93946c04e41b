// The step's running totals: bytes by role and by layer, the clock, compute time and energy; and the time of
// one op from its compute cycles, its on-chip bytes at buffer bandwidth and its DRAM transfers.
import type { ArchConfig } from '../arch/schema.ts';
import type { DramModel } from '../dram/dram.ts';
import type { TensorRole, TraceEvent } from '../trace/schema.ts';
import type { OpAccount } from './op-account.ts';
import { addTraffic, dramTotal, emptyTraffic, type LayerStats, type OpStats, type ReplayResult, type Traffic } from './stats.ts';

export interface OpCompute {
  cycles: number;
  utilisation: number;
  mapping: string;
  unit: 'array' | 'vector';
}

export class StepTotals {
  private readonly totals = emptyTraffic();
  private readonly byRole = new Map<TensorRole, Traffic>();
  private readonly byLayer = new Map<string, LayerStats>();
  private nowNs = 0;
  private computeNs = 0;
  private macEnergyJ = 0;
  private vectorEnergyJ = 0;
  private bufferEnergyJ = 0;

  private addRoles(acc: OpAccount, layer?: LayerStats): Traffic {
    const op = acc.totals();
    addTraffic(this.totals, op);
    for (const [role, t] of acc.roles) {
      if (layer) addTraffic(layer.byRole[role] ?? (layer.byRole[role] = emptyTraffic()), t);
      let total = this.byRole.get(role);
      if (!total) this.byRole.set(role, (total = emptyTraffic()));
      addTraffic(total, t);
    }
    return op;
  }

  /** Serves the op's DRAM transfers, advances the clock and records the op. */
  time(arch: ArchConfig, dram: DramModel, acc: OpAccount, event: TraceEvent, index: number, c: OpCompute): OpStats {
    const clock = arch.compute.clock / 1e9; // cycles per ns
    const computeNs = c.cycles / clock;
    const op = acc.totals();
    const weightBufferNs = arch.weight_buffer ? acc.weightBufferBytes / (arch.weight_buffer.bandwidth / 1e9) : 0;
    const bufferNs = Math.max(acc.globalBufferBytes / (arch.buffer.bandwidth / 1e9), weightBufferNs);
    const start = this.nowNs;
    const dramDone = dram.serve(acc.transfers, start);
    const end = Math.max(start + computeNs, start + bufferNs, dramDone);
    this.nowNs = end;
    this.computeNs += computeNs;
    let layer = this.byLayer.get(event.layer);
    if (!layer)
      this.byLayer.set(event.layer, (layer = { layer: event.layer, phases: [], macs: 0, computeNs: 0, timeNs: 0, traffic: emptyTraffic(), byRole: {} }));
    if (!layer.phases.includes(event.phase)) layer.phases.push(event.phase);
    layer.macs += event.dims.macs;
    layer.computeNs += computeNs;
    layer.timeNs += end - start;
    addTraffic(layer.traffic, op);
    this.addRoles(acc, layer);
    return {
      index,
      seq: event.seq,
      op: event.op,
      layer: event.layer,
      phase: event.phase,
      startNs: start,
      endNs: end,
      computeNs,
      dramBytes: dramTotal(op),
      cycles: c.cycles,
      utilisation: c.utilisation,
      mapping: c.mapping,
      tensors: acc.tensorRows(),
    };
  }

  /** The end-of-step drain: write-backs only, no compute, in no layer. */
  drain(dram: DramModel, acc: OpAccount, index: number): OpStats {
    const op = this.addRoles(acc);
    const start = this.nowNs;
    const end = Math.max(start, dram.serve(acc.transfers, start));
    this.nowNs = end;
    return {
      index,
      seq: index,
      op: 'drain',
      layer: '',
      phase: 'drain',
      startNs: start,
      endNs: end,
      computeNs: 0,
      dramBytes: dramTotal(op),
      cycles: 0,
      utilisation: 0,
      mapping: 'end-of-step write-back of dirty blocks',
      tensors: acc.tensorRows(),
    };
  }

  energy(macJ: number, vectorJ: number, bufferJ: number): void {
    this.macEnergyJ += macJ;
    this.vectorEnergyJ += vectorJ;
    this.bufferEnergyJ += bufferJ;
  }

  result(dram: DramModel): Pick<ReplayResult, 'totals' | 'byRole' | 'byLayer' | 'time' | 'energy' | 'dramDetail'> {
    const d = dram.stats();
    const computeJ = this.macEnergyJ + this.vectorEnergyJ;
    return {
      totals: this.totals,
      byRole: Object.fromEntries(this.byRole),
      byLayer: [...this.byLayer.values()],
      time: { computeNs: this.computeNs, stallNs: this.nowNs - this.computeNs, totalNs: this.nowNs, dramBusyNs: d.busyNs },
      energy: { computeJ, bufferJ: this.bufferEnergyJ, dramJ: d.energyJ, totalJ: computeJ + this.bufferEnergyJ + d.energyJ },
      dramDetail: d.detail,
    };
  }
}
