// CycleDram: the cycle-level JEDEC model behind the DramModel interface. `serve` expands each byte range
// into burst-sized requests that all arrive at `startNs`, runs the controller until the last completes
// and answers in ns. State (open rows, refresh timers, the clock) carries over between calls.
import type { DramModel, DramStats, DramTransfer } from './dram.ts';
import { Controller, type ControllerOptions } from './controller/controller.ts';
import type { RequestSource } from './request-source.ts';
import { CommandLog } from './command-log.ts';
import { burstBytes, peakBytesPerNs, type DramSpec } from './spec.ts';
import { COMMAND_NAMES, ACT, RD, RDA, WR, WRA, REF, REFPB } from './commands.ts';
import { energy, totalJ, type EnergyBreakdown } from './energy.ts';

/** The `asapsim dram --json` result. */
export interface DramReport {
  preset: string;
  scheduler: string;
  mapping: string;
  pagePolicy: string;
  cycles: number;
  tCK_ns: number;
  timeNs: number;
  requests: number;
  reads: number;
  writes: number;
  forwardedReads: number;
  bytes: number;
  bandwidthGBps: number;
  peakBandwidthGBps: number;
  rowHits: number;
  rowMisses: number;
  rowConflicts: number;
  rowHitRate: number;
  avgReadLatencyCycles: number;
  p99ReadLatencyCycles: number;
  commands: Record<string, number>;
  refreshes: number;
  energyJ: number;
  energy: EnergyBreakdown;
}

/** Requests from byte ranges, one per burst touched, all arriving at one cycle. */
class TransferSource implements RequestSource {
  addr = 0;
  write = false;
  arrival = 0;
  private i = -1;
  private next0 = 0;
  private end = 0;
  constructor(
    private readonly transfers: DramTransfer[],
    private readonly burst: number,
    arrival: number,
  ) {
    this.arrival = arrival;
  }
  next(): boolean {
    while (this.next0 >= this.end) {
      if (++this.i >= this.transfers.length) return false;
      const t = this.transfers[this.i];
      if (t.bytes <= 0) continue;
      this.next0 = Math.floor(t.address / this.burst) * this.burst;
      this.end = t.address + t.bytes;
      this.write = t.write;
    }
    this.addr = this.next0;
    this.next0 += this.burst;
    return true;
  }
}

export class CycleDram implements DramModel {
  readonly name: string;
  readonly peakBytesPerNs: number;
  readonly spec: DramSpec;
  readonly ctl: Controller;
  readonly burst: number;
  private readBytes = 0;
  private writeBytes = 0;
  private busyNs = 0;
  private lastEndNs = 0;

  constructor(spec: DramSpec, options: ControllerOptions = {}) {
    this.spec = spec;
    this.name = `cycle:${spec.name}`;
    this.peakBytesPerNs = peakBytesPerNs(spec);
    this.burst = burstBytes(spec);
    this.ctl = new Controller(spec, options);
  }

  /** Starts recording every issued command (for the checker); returns the log. */
  recordCommands(): CommandLog {
    this.ctl.log = new CommandLog();
    return this.ctl.log;
  }

  serve(transfers: DramTransfer[], startNs: number): number {
    for (const t of transfers) {
      if (t.write) this.writeBytes += t.bytes;
      else this.readBytes += t.bytes;
    }
    const before = this.ctl.stats.reads + this.ctl.stats.writes;
    const startCycle = Math.max(0, Math.ceil(startNs / this.spec.tCK_ns - 1e-9));
    const done = this.ctl.run(new TransferSource(transfers, this.burst, startCycle));
    if (this.ctl.stats.reads + this.ctl.stats.writes === before) return startNs;
    const endNs = Math.max(startNs, done * this.spec.tCK_ns);
    this.busyNs += endNs - Math.max(startNs, this.lastEndNs);
    this.lastEndNs = endNs;
    return endNs;
  }

  /** Runs a request stream (arrival in memory cycles); returns the completion cycle. */
  runSource(src: RequestSource): number {
    return this.ctl.run(src);
  }

  report(): DramReport {
    const c = this.ctl.stats;
    const cycles = this.ctl.lastDone;
    const requests = c.reads + c.writes;
    const bytes = requests * this.burst;
    const timeNs = cycles * this.spec.tCK_ns;
    const served = c.rowHits + c.rowMisses + c.rowConflicts;
    const commands: Record<string, number> = {};
    COMMAND_NAMES.forEach((n, i) => (commands[n] = c.cmdCount[i]));
    const act = this.ctl.activeCycles(cycles);
    const e = energy(this.spec, {
      act: c.cmdCount[ACT],
      rd: c.cmdCount[RD] + c.cmdCount[RDA],
      wr: c.cmdCount[WR] + c.cmdCount[WRA],
      ref: c.cmdCount[REF],
      refpb: c.cmdCount[REFPB],
      cycles,
      activeCycles: act.reduce((a, v) => a + v, 0),
      bytes: (c.reads - c.forwarded + c.writes) * this.burst,
    });
    return {
      preset: this.spec.name,
      scheduler: this.spec.ctrl.scheduler,
      mapping: this.spec.ctrl.mapping,
      pagePolicy: this.spec.ctrl.pagePolicy,
      cycles,
      tCK_ns: this.spec.tCK_ns,
      timeNs,
      requests,
      reads: c.reads,
      writes: c.writes,
      forwardedReads: c.forwarded,
      bytes,
      bandwidthGBps: timeNs > 0 ? bytes / timeNs : 0,
      peakBandwidthGBps: this.peakBytesPerNs,
      rowHits: c.rowHits,
      rowMisses: c.rowMisses,
      rowConflicts: c.rowConflicts,
      rowHitRate: served > 0 ? c.rowHits / served : 0,
      avgReadLatencyCycles: c.reads > 0 ? c.readLatSum / c.reads : 0,
      p99ReadLatencyCycles: c.readLatencyPercentile(0.99),
      commands,
      refreshes: c.cmdCount[REF] + c.cmdCount[REFPB],
      energyJ: totalJ(e),
      energy: e,
    };
  }

  stats(): DramStats {
    const r = this.report();
    return {
      readBytes: this.readBytes,
      writeBytes: this.writeBytes,
      busyNs: this.busyNs,
      energyJ: r.energyJ,
      detail: { ...r },
    };
  }
}
