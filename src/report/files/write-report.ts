// Shared by every report: renders charts into a directory (spec always, then the asked formats) and
// collects what the HTML page links; and the "produced by" line every output file carries.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { TOOL, VERSION } from '../../util/version.ts';
import type { Chart } from '../charts/compare.ts';
import type { PageChart } from './html.ts';
import { renderChart, type Format } from '../render/render.ts';
import { UserError } from '../../util/errors.ts';

export type Put = (name: string, data: string | Uint8Array) => void;

/** How a report draws its charts: preset, files, which charts (by name; all when absent), aspect ratio. */
export interface ChartChoice {
  preset?: string;
  formats?: Format[];
  charts?: string[];
  aspect?: number;
}

/** The charts the user chose, in the report's order; a name the report does not draw is an error. */
export function chosenCharts(charts: Chart[], names: string[] | undefined): Chart[] {
  if (!names) return charts;
  const known = charts.map((c) => c.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new UserError(`--charts: this report has no chart "${unknown[0]}": expected some of ${known.join(', ')}`);
  return charts.filter((c) => names.includes(c.name));
}

export function producedBy(command: string, configHash: string): string {
  return `produced by ${TOOL} ${VERSION}: ${command} (arch config ${configHash})`;
}

/** A writer into a staging directory that remembers what it wrote. */
export function putInto(dir: string, written: string[]): Put {
  return (name, data) => {
    writeFileSync(join(dir, name), data);
    written.push(name);
  };
}

export async function renderCharts(charts: Chart[], want: readonly Format[], by: string, put: Put): Promise<PageChart[]> {
  const page: PageChart[] = [];
  for (const c of charts) {
    const files = [`${c.name}.vl.json`];
    put(files[0], JSON.stringify(c.spec, null, 2) + '\n');
    const rendered = await renderChart(c.spec, want, { title: c.title, producedBy: by });
    for (const f of want) {
      put(`${c.name}.${f}`, rendered[f]!);
      files.push(`${c.name}.${f}`);
    }
    page.push({ name: c.name, title: c.title, spec: c.spec, files });
    // Rendering resolves in microtasks only; a turn of the event loop lets a SIGINT/SIGTERM stop a long report.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return page;
}
