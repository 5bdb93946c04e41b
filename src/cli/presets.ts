// asapsim presets: the DRAM presets with their key parameters and sources.
import type { Command } from 'commander';
import { listPresets, resolveSpec } from '../dram/index.ts';
import { addExamples } from './help.ts';
import { jsonText } from '../util/jsonl.ts';
import { UserError } from '../util/errors.ts';
import { CONFIG_FORMATS, parseConfigFormat, writeDramConfig } from '../dram/configs/index.ts';

export function register(program: Command): void {
  program
    .command('presets')
    .description('list the DRAM presets with their key parameters')
    .option('--json', 'print the presets as JSON', false)
    .option('--export <format>', `print one preset (the NAME argument) as a ${CONFIG_FORMATS.join(' / ')} config`)
    .argument('[name]', 'the preset to --export')
    .action((name: string | undefined, flags: { json: boolean; export?: string }) => {
      if (flags.export !== undefined) {
        const format = parseConfigFormat(flags.export);
        if (name === undefined) throw new UserError('--export: name the preset to export, e.g. asapsim presets --export dramsim3 DDR4-2400-8Gb-x8');
        process.stdout.write(writeDramConfig(format, resolveSpec(name, undefined, 'presets')));
        return;
      }
      const list = listPresets();
      if (flags.json) {
        process.stdout.write(jsonText(list, 2) + '\n');
        return;
      }
      const head = ['preset', 'MT/s', 'tCK ns', 'channels x bits', 'banks/ch', 'GiB', 'peak GB/s', 'CL-tRCD-tRP-tRAS', 'tRFC/tREFI ns', 'refresh'];
      const rows = list.map((p) => [
        p.name,
        String(p.dataRateMTs),
        p.tCK_ns.toFixed(3),
        `${p.channels} x ${p.busWidthBits}`,
        String(p.banksPerChannel),
        p.capacityGiB.toFixed(0),
        p.peakGBps.toFixed(1),
        `${p.CL}-${p.tRCD}-${p.tRP}-${p.tRAS}`,
        `${p.tRFC_ns.toFixed(0)}/${p.tREFI_ns.toFixed(0)}`,
        p.refreshModes.join('/'),
      ]);
      const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
      process.stdout.write([line(head), ...rows.map(line)].join('\n') + '\n');
      process.stdout.write('\nsources and estimates: see docs/dram-presets.md or `asapsim presets --json`\n');
    });
  addExamples(program.commands.at(-1)!, [
    ['asapsim presets', 'the presets and their key timings'],
    ['asapsim presets --json', 'every parameter, as JSON'],
  ]);
}
