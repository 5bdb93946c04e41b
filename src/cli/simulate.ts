// asapsim simulate: replays a trace file on an arch config (streamed; the trace never has to fit in memory).
import type { Command } from 'commander';
import { roleGroupLabels, roleGroupNames } from '../analysis/roles.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';
import { mib, textTable } from '../report/format.ts';
import { defaultArch, dramMode } from './options.ts';
import { parseFormat, TRACE_FORMATS } from '../dram/trace-formats.ts';
import type { DramModel } from '../dram/dram.ts';
import { addExamples } from './help.ts';

interface SimulateFlags {
  trace: string;
  arch: string;
  mode?: string;
  json: boolean;
  exportDramTrace?: string;
  format: string;
  force: boolean;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('replay a trace file through the buffer and DRAM of an arch config')
    .requiredOption('--trace <file>', 'trace file (JSON Lines, schema v1)')
    .option('--arch <file>', 'arch config (YAML or JSON)', defaultArch)
    .option('--mode <mode>', "DRAM model: analytic or cycle (default: the arch config's)")
    .option('--json', 'print the results as one JSON document on stdout', false)
    .option('--export-dram-trace <file>', 'also write every DRAM request of the replay to FILE (for DRAMSim3 / Ramulator)')
    .option('--format <format>', `format of --export-dram-trace: ${TRACE_FORMATS.join(', ')}`, 'dramsim3')
    .option('--force', 'overwrite an existing --export-dram-trace file', false)
    .action(async (flags: SimulateFlags) => {
      // Loaded when the command runs, not for --help (bench/startup.ts).
      const [{ loadArch }, { summarize }, { readTrace }, { Replayer }, { createDramFor }, { ExportingDram }, { assertWritableFile }] = await Promise.all([
        import('../arch/loader.ts'),
        import('../analysis/compare.ts'),
        import('../trace/io.ts'),
        import('../sim/replay.ts'),
        import('../sim/dram-for-arch.ts'),
        import('../dram/export.ts'),
        import('../util/atomic.ts'),
      ]);
      const mode = dramMode(flags.mode);
      const arch = loadArch(flags.arch);
      const format = parseFormat(flags.format);
      if (flags.exportDramTrace) assertWritableFile(flags.exportDramTrace, flags.force);
      let replayer: InstanceType<typeof Replayer> | undefined;
      let exporter: InstanceType<typeof ExportingDram> | undefined;
      try {
        for await (const record of readTrace(flags.trace)) {
          if (record.type === 'header') {
            let dram: DramModel = createDramFor(arch.config, mode);
            if (flags.exportDramTrace) dram = exporter = new ExportingDram(dram, flags.exportDramTrace, format);
            replayer = new Replayer({ header: record as TraceHeader, arch: arch.config, archHash: arch.hash, dram });
          } else replayer!.step(record as TraceEvent);
        }
      } catch (e) {
        exporter?.abort();
        throw e;
      }
      const result = replayer!.finish();
      exporter?.close();
      if (exporter && !flags.json) console.error(`${flags.exportDramTrace}: ${exporter.requests} DRAM requests (${format})`);
      if (flags.json) {
        process.stdout.write(JSON.stringify(result) + '\n');
        return;
      }
      const s = summarize(result);
      console.log(
        `${result.trace.model} ${result.trace.label}, batch ${result.trace.batch} on ${result.arch.name} (${result.arch.hash}), DRAM ${result.arch.dramModel}`,
      );
      console.log(
        textTable(
          ['role', 'read MiB', 'write MiB'],
          [...roleGroupNames.map((g) => [roleGroupLabels[g], mib(s.byGroup[g].read), mib(s.byGroup[g].write)]), ['total', mib(s.dramRead), mib(s.dramWrite)]],
        ),
      );
      console.log(
        `step time ${(result.time.totalNs / 1e6).toFixed(2)} ms (compute ${(result.time.computeNs / 1e6).toFixed(2)} ms), energy ${(result.energy.totalJ * 1e3).toFixed(1)} mJ, stash ${mib(result.stash.totalBytes)} MiB`,
      );
    });
  addExamples(program.commands.at(-1)!, [
    ['asapsim simulate --trace t.jsonl', 'replay a trace on arch-configs/edge.yaml'],
    ['asapsim simulate --trace t.jsonl --arch arch-configs/mid.yaml --mode cycle --json', 'another accelerator, cycle-level DRAM, as JSON'],
    ['asapsim simulate --trace t.jsonl --export-dram-trace req.trace --format ramulator2', 'also write the DRAM requests for Ramulator 2'],
  ]);
}
