// asapsim simulate: replays a trace file on an arch config (streamed; the trace never has to fit in memory).
import type { Command } from 'commander';
import { roleGroupLabels, roleGroupNames } from '../analysis/roles.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';
import type { Replayer } from '../sim/replay.ts';
import { needsFuture } from '../sim/buffer/index.ts';
import { StepFuture } from '../sim/future.ts';
import { describeModel } from '../sim/stats.ts';
import { mib, textTable } from '../report/format.ts';
import { defaultArch, dramMode } from './options.ts';
import { DEFAULT_EXPORT_LIMIT, sidecarPath, type ExportingDram } from '../dram/export.ts';
import { archDramSpec } from '../arch/dram-spec.ts';
import { parseQuantity } from '../arch/quantity.ts';
import { UserError } from '../util/errors.ts';
import { parseFormat, TRACE_FORMATS } from '../dram/trace-formats.ts';
import type { DramModel } from '../dram/dram.ts';
import { jsonText } from '../util/jsonl.ts';
import { addExamples } from './help.ts';

async function readFuture(file: string, readTrace: typeof import('../trace/io.ts').readTrace): Promise<StepFuture> {
  const future = new StepFuture();
  for await (const record of readTrace(file)) if (record.type !== 'header') future.add(record as TraceEvent);
  return future;
}

interface SimulateFlags {
  trace: string;
  arch: string;
  mode?: string;
  json: boolean;
  exportDramTrace?: string;
  format: string;
  exportGzip: boolean;
  exportLimit: string;
  force: boolean;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('replay a trace file through the buffer and DRAM of an arch config')
    .requiredOption('--trace <file>', 'trace file (JSON Lines, schema v1)')
    .option('--arch <file>', 'arch config (YAML or JSON)', defaultArch)
    .option('--mode <mode>', "DRAM model: analytic or cycle (default: the arch config's)")
    .option('--json', 'print the results as one JSON document on stdout, with every op and its per-tensor rows', false)
    .option(
      '--export-dram-trace <file>',
      "also write every DRAM request of the replay to FILE (for asapsim dram / DRAMSim3 / Ramulator): requests of the arch config's preset burst, arrival in its memory-clock cycles, and a sidecar FILE.json naming preset, clock and units",
    )
    .option('--format <format>', `format of --export-dram-trace: ${TRACE_FORMATS.join(', ')}`, 'dramsim3')
    .option('--export-gzip', 'gzip-compress the --export-dram-trace file', false)
    .option('--export-limit <size>', 'refuse an export larger than this (trace text before compression; 0 = no limit)', '4GiB')
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
      let limitBytes = DEFAULT_EXPORT_LIMIT;
      if (flags.exportDramTrace) {
        assertWritableFile(flags.exportDramTrace, flags.force);
        assertWritableFile(sidecarPath(flags.exportDramTrace), flags.force);
        try {
          limitBytes = flags.exportLimit === '0' ? 0 : parseQuantity(flags.exportLimit, 'bytes');
        } catch (e) {
          throw new UserError(`--export-limit: ${(e as Error).message}`);
        }
      }
      let replayer: InstanceType<typeof Replayer> | undefined;
      let exporter: InstanceType<typeof ExportingDram> | undefined;
      // The next-use policy needs the step's op order first: one extra pass over the file (docs/simulator.md).
      const future = needsFuture[arch.config.buffer.replacement] ? await readFuture(flags.trace, readTrace) : undefined;
      try {
        for await (const record of readTrace(flags.trace)) {
          if (record.type === 'header') {
            let dram: DramModel = createDramFor(arch.config, mode);
            if (flags.exportDramTrace) {
              const spec = archDramSpec(arch.config.dram, `${flags.arch}: dram.overrides`);
              const opts = { spec, mode: mode ?? arch.config.dram.model, gzip: flags.exportGzip, limitBytes };
              dram = exporter = new ExportingDram(dram, flags.exportDramTrace, format, opts);
            }
            // Per-op rows are kept only for --json: without it the replay's memory is bounded by the live tensors.
            replayer = new Replayer({ header: record as TraceHeader, arch: arch.config, archHash: arch.hash, dram, future, keepOps: flags.json });
          } else replayer!.step(record as TraceEvent);
        }
      } catch (e) {
        exporter?.abort();
        throw e;
      }
      const result = replayer!.finish();
      exporter?.close();
      if (exporter && !flags.json)
        console.error(
          `${flags.exportDramTrace}: ${exporter.requests} DRAM requests (${format}; preset, clock and units in ${sidecarPath(flags.exportDramTrace!)})`,
        );
      if (flags.json) {
        process.stdout.write(jsonText(result) + '\n');
        return;
      }
      const s = summarize(result);
      console.log(
        `${result.trace.model} ${result.trace.label}, batch ${result.trace.batch} on ${result.arch.name} (${result.arch.hash}), DRAM ${result.arch.dramModel}`,
      );
      console.log(`model: ${describeModel(result.model)}`);
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
