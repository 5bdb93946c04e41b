// asapsim simulate: replays a trace file on an arch config (streamed; the trace never has to fit in memory).
import type { Command } from 'commander';
import { loadArch } from '../arch/loader.ts';
import { summarize } from '../analysis/compare.ts';
import { roleGroupLabels, roleGroupNames } from '../analysis/roles.ts';
import { readTrace } from '../trace/io.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';
import { Replayer } from '../sim/replay.ts';
import { createDramFor } from '../sim/dram-for-arch.ts';
import { mib, textTable } from '../report/format.ts';
import { defaultArch, dramMode } from './options.ts';
import { ExportingDram } from '../dram/export.ts';
import { parseFormat, TRACE_FORMATS } from '../dram/trace-formats.ts';
import type { DramModel } from '../dram/dram.ts';
import { assertWritableFile } from '../util/atomic.ts';
import { jsonText } from '../util/jsonl.ts';

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
      const mode = dramMode(flags.mode);
      const arch = loadArch(flags.arch);
      const format = parseFormat(flags.format);
      if (flags.exportDramTrace) assertWritableFile(flags.exportDramTrace, flags.force);
      let replayer: Replayer | undefined;
      let exporter: ExportingDram | undefined;
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
        process.stdout.write(jsonText(result) + '\n');
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
}
