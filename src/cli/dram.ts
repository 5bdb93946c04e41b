// asapsim dram: replays a standalone DRAM request trace (DRAMSim3, Ramulator 1 or Ramulator 2 format)
// through the cycle-level model and prints cycles, bandwidth (total and per channel), row-buffer outcome,
// read latency percentiles, command counts, refresh time and energy per command class.
import { InvalidArgumentError, type Command } from 'commander';
import { createDram, type DramReport, CycleDram, resolveSpec } from '../dram/index.ts';
import { capacityBytes } from '../dram/spec.ts';
import { TraceFileSource, parseFormat, TRACE_FORMATS } from '../dram/trace-formats.ts';
import { addExamples } from './help.ts';
import { jsonText } from '../util/jsonl.ts';
import { applyOverrides } from '../dram/overrides.ts';
import type { DramSpec } from '../dram/spec.ts';
import { CommandTraceWriter } from '../dram/command-trace.ts';
import { assertWritableFile } from '../util/atomic.ts';
import { UserError } from '../util/errors.ts';
import { warmUp } from '../dram/controller/warm-up.ts';

interface DramFlags {
  trace?: string;
  format?: string;
  preset?: string;
  config?: string;
  set: Record<string, string>;
  json: boolean;
  printConfig: boolean;
  cycles?: string;
  commandTrace?: string;
  force: boolean;
}

function keyValue(v: string, acc: Record<string, string>): Record<string, string> {
  const i = v.indexOf('=');
  if (i <= 0 || i === v.length - 1) throw new InvalidArgumentError(`--set expects key=value, got "${v}"`);
  // An own property even for "__proto__" (defineProperty, not assignment), so the DRAM spec reports it as unknown.
  const out = { ...acc };
  Object.defineProperty(out, v.slice(0, i).trim(), { value: v.slice(i + 1).trim(), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Joules with 4 significant digits in the unit that keeps them readable (small traces are nJ). */
function joules(j: number): string {
  const a = Math.abs(j);
  if (a === 0) return '0 J';
  if (a >= 1) return `${j.toPrecision(4)} J`;
  if (a >= 1e-3) return `${(j * 1e3).toPrecision(4)} mJ`;
  if (a >= 1e-6) return `${(j * 1e6).toPrecision(4)} uJ`;
  return `${(j * 1e9).toPrecision(4)} nJ`;
}

function table(r: DramReport): string {
  const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
  const l = r.readLatencyCycles;
  const e = r.energy;
  const pj = r.energyPerCommandPJ;
  const rows: [string, string][] = [
    ['preset', `${r.preset} (${r.scheduler}, ${r.pagePolicy} page, ${r.mapping}, ${r.frontend} front end)`],
    [
      'cycles',
      `${r.cycles} (${(r.timeNs / 1e3).toFixed(1)} us at tCK ${r.tCK_ns.toFixed(3)} ns)${r.stoppedAtCycleBudget !== null ? ' - stopped at the --cycles budget' : ''}`,
    ],
    ['requests', `${r.requests} (${r.reads} reads, ${r.writes} writes${r.forwardedReads ? `, ${r.forwardedReads} reads served from the write queue` : ''})`],
    ['bandwidth', `${r.bandwidthGBps.toFixed(2)} GB/s of ${r.peakBandwidthGBps.toFixed(2)} peak (${pct(r.bandwidthGBps / r.peakBandwidthGBps)})`],
  ];
  if (r.channelBandwidthGBps.length > 1) rows.push(['per channel', r.channelBandwidthGBps.map((b, i) => `ch${i} ${b.toFixed(2)}`).join(', ') + ' GB/s']);
  rows.push(
    ['row buffer', `${pct(r.rowHitRate)} hits (${r.rowHits} hits, ${r.rowMisses} misses, ${r.rowConflicts} conflicts)`],
    [
      'read latency',
      `mean ${l.mean.toFixed(1)}, p50 ${l.p50}, p90 ${l.p90}, p95 ${l.p95}, p99 ${l.p99}, p99.9 ${l.p999}, max ${l.max} cycles (queue entry to last data)`,
    ],
    [
      'commands',
      Object.entries(r.commands)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none',
    ],
    ['refresh', `${r.refreshes} refreshes, ${r.refreshCycles} rank-cycles (${pct(r.refreshFraction)} of rank time)`],
    ['energy', `${joules(r.energyJ)} total`],
    ['  activate', `${joules(e.activateJ)} (${pj.ACT.toPrecision(4)} pJ per ACT)`],
    ['  read', `${joules(e.readJ)} (${pj.RD.toPrecision(4)} pJ per RD)`],
    ['  write', `${joules(e.writeJ)} (${pj.WR.toPrecision(4)} pJ per WR)`],
    ['  refresh', `${joules(e.refreshJ)} (${pj.REF.toPrecision(4)} pJ per REF, ${pj.REFpb.toPrecision(4)} per REFpb)`],
    ['  background', joules(e.backgroundJ)],
    ['  I/O', joules(e.ioJ)],
  );
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

function cycleBudget(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--cycles: expected a whole number of memory cycles >= 1, got "${v}"`);
  return n;
}

/** The command's one-line description (also its summary in the command list). */
export const SUMMARY = 'replay a DRAM request trace through the cycle-level JEDEC model';

export function register(program: Command): void {
  program
    .command('dram')
    .description(SUMMARY)
    .option('--trace <file>', 'request trace file (required unless --print-config)')
    .option('--format <format>', `trace format: ${TRACE_FORMATS.join(', ')} (required with --trace)`)
    .option('--preset <name>', 'DRAM preset (see asapsim presets; default DDR4-2400-8Gb-x8)')
    .option('--config <file>', 'DRAM spec from a DRAMSim3 .ini or a Ramulator 2 .yaml memory section, instead of --preset')
    .option(
      '--set <key=value>',
      'override a preset parameter (repeatable; tXX or Ramulator nXX), e.g. --set tCL=16 --set scheduler=fcfs --set frontend=one-per-cycle',
      keyValue,
      {},
    )
    .option('--json', 'print the results as one JSON document on stdout', false)
    .option('--print-config', 'print the fully resolved spec (preset after --set) as JSON and exit', false)
    .option('--cycles <n>', 'stop after this many memory cycles (as DRAMSim3 -c) and report what was served')
    .option('--command-trace <file>', 'also write every issued command to FILE (cycle command channel rank bankgroup bank row column)')
    .option('--force', 'overwrite an existing --command-trace file', false)
    .addHelpText(
      'after',
      '\nThe front end admits every arrived request the queues have room for (frontend=unlimited, the default);\n--set frontend=one-per-cycle admits one per cycle, as DRAMSim3 and Ramulator do.\n\nExamples:\n  asapsim dram --trace t.trc --format dramsim3 --preset DDR4-2400-8Gb-x8\n  asapsim dram --preset HBM2-2Gbps --set nRCD=15 --print-config',
    )
    .action(async (flags: DramFlags) => {
      if (flags.preset !== undefined && flags.config !== undefined) throw new UserError('--config: give either --preset or --config, not both');
      // The config readers (and the YAML parser) load only when a config is given: most runs name a preset.
      const spec: DramSpec =
        flags.config !== undefined
          ? applyOverrides((await import('../dram/configs/index.ts')).readDramConfig(flags.config), flags.set)
          : resolveSpec(flags.preset ?? 'DDR4-2400-8Gb-x8', flags.set);
      if (flags.printConfig) {
        process.stdout.write(JSON.stringify(spec, null, 2) + '\n');
        return;
      }
      if (flags.trace === undefined) throw new UserError('--trace: required (a request trace file), unless --print-config');
      if (flags.format === undefined) throw new UserError(`--format: required with --trace (one of ${TRACE_FORMATS.join(', ')})`);
      const format = parseFormat(flags.format);
      const budget = cycleBudget(flags.cycles);
      const dram = new CycleDram(spec);
      if (flags.commandTrace) assertWritableFile(flags.commandTrace, flags.force);
      const commands = flags.commandTrace ? new CommandTraceWriter(flags.commandTrace, dram.spec.org) : undefined;
      if (commands) dram.streamCommands(commands);
      const src = new TraceFileSource(flags.trace, format, capacityBytes(dram.spec));
      try {
        warmUp(dram.spec);
        dram.runSource(src, budget);
      } catch (e) {
        commands?.abort();
        throw e;
      } finally {
        src.close();
      }
      commands?.close();
      const r = dram.report();
      process.stdout.write(flags.json ? jsonText(r) + '\n' : table(r));
      if (commands && !flags.json) console.error(`${flags.commandTrace}: ${commands.count} commands`);
    });
  addExamples(program.commands.at(-1)!, [
    ['asapsim dram --trace req.trace --format dramsim3', 'a DRAMSim3 request trace on the default preset'],
    ['asapsim dram --trace req.trace --format ramulator --preset LPDDR4-3200 --set scheduler=fcfs --json', 'another preset and scheduler, as JSON'],
  ]);
}
