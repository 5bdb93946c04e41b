// Vega-Lite -> Vega -> SVG in Node (no browser), then SVG -> PNG with resvg (a Rust renderer shipped as an
// npm binary) and SVG -> vector PDF (pdf.ts), all with the system's DejaVu fonts, so text renders the same
// on every machine of this kind. Each file is stamped with what produced it. vega, vega-lite, resvg and pdfkit
// load on the first chart rendered, so commands that draw nothing (and every --help) start without them.
import type { TopLevelSpec } from 'vega-lite';
import { stampPng, stampSvg } from './provenance.ts';

export const formats = ['svg', 'png', 'pdf'] as const;
export type Format = (typeof formats)[number];

export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const [{ compile }, { parse, View }] = await Promise.all([import('vega-lite'), import('vega')]);
  const vgSpec = compile(spec).spec;
  const view = new View(parse(vgSpec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}

/** The chart in each asked format, keyed by file extension. */
export async function renderChart(
  spec: TopLevelSpec,
  want: readonly Format[],
  meta: { title: string; producedBy: string },
): Promise<Partial<Record<Format, string | Uint8Array>>> {
  const svg = await toSvg(spec);
  const out: Partial<Record<Format, string | Uint8Array>> = {};
  if (want.includes('svg')) out.svg = stampSvg(svg, meta.producedBy);
  // PNGs are for slides and quick looks: 3x for the small paper presets keeps them sharp.
  if (want.includes('png')) out.png = stampPng(await svgToPng(svg, (spec as { autosize?: unknown }).autosize ? 3 : 2), meta.producedBy);
  if (want.includes('pdf')) out.pdf = await (await import('./pdf.ts')).svgToPdf(svg, meta);
  return out;
}

export function parseFormats(text: string): Format[] {
  const list = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  for (const f of list) if (!(formats as readonly string[]).includes(f)) throw new Error(`unknown format "${f}": expected some of ${formats.join(', ')}`);
  if (list.length === 0) throw new Error(`expected some of ${formats.join(', ')}`);
  return [...new Set(list)] as Format[];
}
