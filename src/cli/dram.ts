// asapsim dram: replays a standalone DRAM request trace (DRAMSim3, Ramulator 1 or Ramulator 2 format)
// through the cycle-level model and prints cycles, bandwidth, row-buffer outcome, latency and energy.
import { InvalidArgumentError, type Command } from 'commander';
import { createDram, type DramReport } from '../dram/index.ts';
import { TraceFileSource, parseFormat, TRACE_FORMATS } from '../dram/trace-formats.ts';
import { addExamples } from './help.ts';

interface DramFlags {
  trace: string;
  format: string;
  preset: string;
  set: Record<string, string>;
  json: boolean;
}

function keyValue(v: string, acc: Record<string, string>): Record<string, string> {
  const i = v.indexOf('=');
  if (i <= 0 || i === v.length - 1) throw new InvalidArgumentError(`--set expects key=value, got "${v}"`);
  return { ...acc, [v.slice(0, i).trim()]: v.slice(i + 1).trim() };
}

function table(r: DramReport): string {
  const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
  const rows: [string, string][] = [
    ['preset', `${r.preset} (${r.scheduler}, ${r.pagePolicy} page, ${r.mapping})`],
    ['cycles', `${r.cycles} (${(r.timeNs / 1e3).toFixed(1)} us at tCK ${r.tCK_ns.toFixed(3)} ns)`],
    ['requests', `${r.requests} (${r.reads} reads, ${r.writes} writes${r.forwardedReads ? `, ${r.forwardedReads} reads served from the write queue` : ''})`],
    ['bandwidth', `${r.bandwidthGBps.toFixed(2)} GB/s of ${r.peakBandwidthGBps.toFixed(2)} peak (${pct(r.bandwidthGBps / r.peakBandwidthGBps)})`],
    ['row buffer', `${pct(r.rowHitRate)} hits (${r.rowHits} hits, ${r.rowMisses} misses, ${r.rowConflicts} conflicts)`],
    ['read latency', `${r.avgReadLatencyCycles.toFixed(1)} cycles mean, ${r.p99ReadLatencyCycles} p99 (from entering the queue)`],
    [
      'commands',
      Object.entries(r.commands)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
    ],
    ['refreshes', String(r.refreshes)],
    [
      'energy',
      `${(r.energyJ * 1e3).toFixed(3)} mJ (ACT ${(r.energy.activateJ * 1e3).toFixed(3)}, RD ${(r.energy.readJ * 1e3).toFixed(3)}, WR ${(r.energy.writeJ * 1e3).toFixed(3)}, REF ${(r.energy.refreshJ * 1e3).toFixed(3)}, background ${(r.energy.backgroundJ * 1e3).toFixed(3)}, I/O ${(r.energy.ioJ * 1e3).toFixed(3)})`,
    ],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('dram')
    .description('replay a DRAM request trace through the cycle-level JEDEC model')
    .requiredOption('--trace <file>', 'request trace file')
    .requiredOption('--format <format>', `trace format: ${TRACE_FORMATS.join(', ')}`)
    .option('--preset <name>', 'DRAM preset (see asapsim presets)', 'DDR4-2400-8Gb-x8')
    .option('--set <key=value>', 'override a preset parameter (repeatable), e.g. --set tCL=16 --set scheduler=fcfs', keyValue, {})
    .option('--json', 'print the results as one JSON document on stdout', false)
    .action((flags: DramFlags) => {
      const format = parseFormat(flags.format);
      const dram = createDram({ preset: flags.preset, overrides: flags.set, mode: 'cycle' });
      const src = new TraceFileSource(flags.trace, format);
      try {
        dram.runSource(src);
      } finally {
        src.close();
      }
      const r = dram.report();
      process.stdout.write(flags.json ? JSON.stringify(r) + '\n' : table(r));
    });
  addExamples(program.commands.at(-1)!, [
    ['asapsim dram --trace req.trace --format dramsim3', 'a DRAMSim3 request trace on the default preset'],
    ['asapsim dram --trace req.trace --format ramulator --preset LPDDR4-3200 --set scheduler=fcfs --json', 'another preset and scheduler, as JSON'],
  ]);
}
