// CycleDram: the cycle-level JEDEC model behind the DramModel interface. `serve` expands each byte range
// into burst-sized requests that all arrive at `startNs`, runs the controller until the last completes
// and answers in ns. State (open rows, refresh timers, the clock) carries over between calls.
import type { DramModel, DramStats, DramTransfer } from './dram.ts';
import { Controller, type ControllerOptions } from './controller/controller.ts';
import type { RequestSource } from './request-source.ts';
import { CommandLog, type CommandSink } from './command-log.ts';
import { burstBytes, peakBytesPerNs, type DramSpec } from './spec.ts';
import { COMMAND_NAMES, ACT, RD, RDA, WR, WRA, REF, REFPB, REFSB } from './commands.ts';
import { energy, totalJ, commandEnergyPJ, type EnergyBreakdown } from './energy.ts';

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
  /** Read latency from entering the queue to the last data beat, cycles (whole-cycle histogram). */
  readLatencyCycles: { mean: number; p50: number; p90: number; p95: number; p99: number; p999: number; max: number };
  /** Per channel: requests served from DRAM × burst / time. */
  channelBandwidthGBps: number[];
  commands: Record<string, number>;
  refreshes: number;
  /**
   * Rank-cycles spent refreshing, counted by the share of the rank's banks each command busies: REF × tRFC
   * + REFpb × tRFCpb / banks per rank + REFsb × tRFCsb / banks per group (one bank in every group).
   */
  refreshCycles: number;
  /** refreshCycles over cycles × ranks (all channels). */
  refreshFraction: number;
  frontend: string;
  /** The -c style cycle budget, if the run stopped there with work left (cycles then equals it). */
  stoppedAtCycleBudget: number | null;
  energyJ: number;
  energy: EnergyBreakdown;
  /** Energy of one command of each class, pJ (the rank's devices together). */
  energyPerCommandPJ: { ACT: number; RD: number; WR: number; REF: number; REFpb: number; REFsb: number };
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
    const log = new CommandLog();
    this.ctl.log = log;
    return log;
  }

  /** Sends every issued command to `sink` (a command trace file). */
  streamCommands(sink: CommandSink): void {
    this.ctl.log = sink;
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

  private budget: number | null = null;

  /** Runs a request stream (arrival in memory cycles); returns the completion cycle. `budget`: stop after this cycle. */
  runSource(src: RequestSource, budget?: number): number {
    if (budget !== undefined) this.budget = budget;
    return this.ctl.run(src, budget);
  }

  report(): DramReport {
    const c = this.ctl.stats;
    const stopped = this.ctl.stoppedAtBudget && this.budget !== null ? this.budget : null;
    const cycles = stopped ?? this.ctl.lastDone;
    const requests = c.reads + c.writes;
    const bytes = requests * this.burst;
    const timeNs = cycles * this.spec.tCK_ns;
    const served = c.rowHits + c.rowMisses + c.rowConflicts;
    const commands: Record<string, number> = {};
    COMMAND_NAMES.forEach((n, i) => (commands[n] = c.cmdCount[i]));
    const act = this.ctl.activeCycles(cycles);
    const pj = commandEnergyPJ(this.spec);
    const e = energy(this.spec, {
      act: c.cmdCount[ACT],
      rd: c.cmdCount[RD] + c.cmdCount[RDA],
      wr: c.cmdCount[WR] + c.cmdCount[WRA],
      ref: c.cmdCount[REF],
      refpb: c.cmdCount[REFPB],
      refsb: c.cmdCount[REFSB],
      cycles,
      activeCycles: act.reduce((a, v) => a + v, 0),
      bytes: (c.reads - c.forwarded + c.writes) * this.burst,
    });
    const partial = c.cmdCount[REFPB] + c.cmdCount[REFSB];
    const o = this.spec.org;
    const refreshCycles =
      c.cmdCount[REF] * this.spec.timing.RFC +
      (c.cmdCount[REFPB] * this.spec.timing.RFCpb) / (o.bankGroups * o.banksPerGroup) +
      (c.cmdCount[REFSB] * this.spec.timing.RFCpb) / o.banksPerGroup;
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
      readLatencyCycles: {
        mean: c.reads > 0 ? c.readLatSum / c.reads : 0,
        p50: c.readLatencyPercentile(0.5),
        p90: c.readLatencyPercentile(0.9),
        p95: c.readLatencyPercentile(0.95),
        p99: c.readLatencyPercentile(0.99),
        p999: c.readLatencyPercentile(0.999),
        max: c.latMax,
      },
      channelBandwidthGBps: Array.from(c.channelServed, (n) => (timeNs > 0 ? (n * this.burst) / timeNs : 0)),
      commands,
      refreshes: c.cmdCount[REF] + partial,
      refreshCycles,
      refreshFraction: cycles > 0 ? refreshCycles / (cycles * this.spec.org.ranks * this.spec.org.channels) : 0,
      frontend: this.spec.ctrl.frontend,
      stoppedAtCycleBudget: stopped,
      energyJ: totalJ(e),
      energy: e,
      energyPerCommandPJ: { ACT: pj.act, RD: pj.rd, WR: pj.wr, REF: pj.ref, REFpb: pj.refpb, REFsb: pj.refsb },
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
