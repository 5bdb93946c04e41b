// Writes a compare report directory: summary.json, results.json, layers.csv, each chart as .vl.json + .svg
// + .png, and index.html. Built in a staging directory and renamed into place (all or nothing).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompareResult } from '../analysis/compare.ts';
import type { LoadedArch } from '../arch/loader.ts';
import { writeDirAtomic } from '../util/atomic.ts';
import { TOOL, VERSION } from '../version.ts';
import { chartPresets, compareCharts } from './charts.ts';
import { layerCsv } from './csv.ts';
import { compareHtml } from './html.ts';
import { svgToPng, toSvg } from './render.ts';

export interface ReportOptions {
  dir: string;
  force: boolean;
  command: string;
  arch: LoadedArch;
  preset?: string;
}

export function producedBy(command: string, archHash: string): string {
  return `produced by ${TOOL} ${VERSION}: ${command} (arch config ${archHash})`;
}

export function summaryJson(result: CompareResult, command: string) {
  return {
    producer: { tool: TOOL, version: VERSION, command, archHash: result.spec.archHash },
    spec: result.spec,
    baseline: result.baseline,
    summaries: result.summaries,
    runs: result.runs.map((r) => ({ trace: r.trace, arch: r.arch, totals: r.totals, byRole: r.byRole, stash: r.stash, time: r.time, energy: r.energy, dramDetail: r.dramDetail })),
  };
}

export async function writeCompareReport(result: CompareResult, o: ReportOptions): Promise<string[]> {
  const by = producedBy(o.command, o.arch.hash);
  const preset = chartPresets[o.preset ?? 'screen'];
  const charts = compareCharts(result, preset, by);
  const written: string[] = [];
  await writeDirAtomic(o.dir, o.force, async (dir) => {
    const put = (name: string, data: string | Uint8Array) => {
      writeFileSync(join(dir, name), data);
      written.push(name);
    };
    put('summary.json', JSON.stringify(summaryJson(result, o.command), null, 2) + '\n');
    put('results.json', JSON.stringify({ producer: { tool: TOOL, version: VERSION, command: o.command }, result }) + '\n');
    put('layers.csv', layerCsv(result, by));
    const rendered = [];
    for (const c of charts) {
      const svg = await toSvg(c.spec);
      put(`${c.name}.vl.json`, JSON.stringify(c.spec, null, 2) + '\n');
      put(`${c.name}.svg`, svg);
      put(`${c.name}.png`, svgToPng(svg));
      rendered.push({ name: c.name, title: c.title, svg });
    }
    put('index.html', compareHtml(result, rendered, { command: o.command, version: VERSION, archText: o.arch.text, archFile: o.arch.file }));
  });
  return written;
}
