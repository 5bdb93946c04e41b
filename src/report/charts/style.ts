// Chart presets: sizes and fonts for the screen and for papers. A paper figure's whole width (axes, legend
// and all) is the column width at 72 px per inch, so an SVG or PDF placed at 100% is 3.5 in (single column)
// or 7 in (double column) wide with 8 or 9 pt text. Single views get exactly that width from Vega-Lite's
// "fit-x" autosize; faceted views (where fit is unsupported) divide the width among their cells.
import type { TopLevelSpec } from 'vega-lite';

export interface ChartPreset {
  name: string;
  /** Whole figure width in px (1 px = 1 pt in SVG and PDF). */
  width: number;
  fontSize: number;
  /** Paper figures leave the title to the caption and put legends on top, where they cost no width. */
  paper: boolean;
  /** Plot height / width for single-view charts, overriding each chart's own (--aspect). */
  aspect?: number;
}

export const chartPresets: Record<string, ChartPreset> = {
  screen: { name: 'screen', width: 560, fontSize: 11, paper: false },
  single: { name: 'single', width: 3.5 * 72, fontSize: 8, paper: true },
  double: { name: 'double', width: 7 * 72, fontSize: 9, paper: true },
};

export const presetNames = Object.keys(chartPresets);

/** A preset by name, with the user's aspect ratio if given. */
export function chartPreset(name = 'screen', aspect?: number): ChartPreset {
  return aspect === undefined ? chartPresets[name] : { ...chartPresets[name], aspect };
}

export const FONT = 'DejaVu Sans';
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export function chartConfig(preset: ChartPreset) {
  const f = preset.fontSize;
  return {
    font: FONT,
    padding: preset.paper ? 2 : 5,
    axis: { labelFontSize: f, titleFontSize: f, titleFontWeight: 'normal' as const, labelFont: FONT, titleFont: FONT },
    legend: {
      labelFontSize: f,
      titleFontSize: f,
      titleFontWeight: 'normal' as const,
      symbolSize: preset.paper ? 30 : 60,
      orient: preset.paper ? ('top' as const) : ('right' as const),
      // Never shortened ("saved acti…"): paper legends get as many columns as their longest label allows (legendFor).
      labelLimit: 0,
      ...(preset.paper ? { columnPadding: LEGEND_COLUMN_PADDING, rowPadding: 1, offset: 4 } : {}),
    },
    header: { labelFontSize: f, titleFontSize: f, labelFont: FONT, titleFont: FONT },
    title: { fontSize: f + 1, font: FONT },
    text: { fontSize: Math.max(6, f - 1), font: FONT },
    facet: { spacing: preset.paper ? 6 : 12 },
    concat: { spacing: preset.paper ? 6 : 12 },
    view: { stroke: null },
  };
}

/**
 * Width Vega reserves for `text` at `size` pt. Without a canvas (as here, in Node) Vega lays text out at 0.8 em
 * per character, wider than DejaVu Sans draws it (about 0.52 em): planning with Vega's own estimate keeps
 * the layout Vega computes within the figure.
 */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.8;
}

const LEGEND_COLUMN_PADDING = 6;

/**
 * A legend that fits: on paper, on top in as many columns as fit within the plot's width (it starts where
 * the plot does, after the y axis), so nothing is cut; on screen at the right. Vega fills a legend grid row
 * by row and sizes each column to its widest entry (symbol, gap, label).
 */
export function legendFor(preset: ChartPreset, labels: string[], width = preset.width - yAxisRoom(preset) - 4): Record<string, unknown> {
  if (!preset.paper) return {};
  const entry = labels.map((l) => 8 + 4 + textWidth(l, preset.fontSize));
  const fits = (columns: number) => {
    let total = (columns - 1) * LEGEND_COLUMN_PADDING;
    for (let c = 0; c < columns; c++) total += Math.max(0, ...entry.filter((_, i) => i % columns === c));
    return total <= width;
  };
  let columns = Math.max(1, labels.length);
  while (columns > 1 && !fits(columns)) columns--;
  return { orient: 'top', columns };
}

/** Room the y axis (labels + title) takes at this font size. */
export function yAxisRoom(preset: ChartPreset): number {
  return Math.round(preset.fontSize * 5.5 + 8);
}

/** Plot width of each of `cells` facet cells so the whole figure stays within the preset width. */
export function cellWidth(preset: ChartPreset, cells: number, legendOnRight = 0, yRoom = yAxisRoom(preset)): number {
  const spacing = preset.paper ? 6 : 12;
  const legend = preset.paper ? 0 : legendOnRight;
  return Math.max(40, Math.floor((preset.width - yRoom - legend - 2 * (preset.paper ? 2 : 5) - (cells - 1) * spacing) / cells));
}

/** Room for a y axis of category labels (no title): the longest label at this font size. */
export function labelRoom(preset: ChartPreset, labels: string[], title = false): number {
  return Math.round(Math.max(0, ...labels.map((l) => l.length)) * preset.fontSize * 0.7 + 16 + (title ? preset.fontSize + 6 : 0));
}

export interface SpecParts {
  title: string;
  description: string;
  /** An aspect ratio (height / width) for single views. */
  aspect?: number;
}

/**
 * The top-level frame of a single-view chart: schema, provenance, title (screen only), size and config.
 * Paper charts fit the preset width exactly; screen charts get a plot area of the preset width.
 */
export function frame(preset: ChartPreset, parts: SpecParts): Partial<TopLevelSpec> & Record<string, unknown> {
  const aspect = preset.aspect ?? parts.aspect ?? 0.6;
  return {
    $schema: SCHEMA,
    description: parts.description,
    usermeta: { producedBy: parts.description },
    ...(preset.paper ? {} : { title: parts.title }),
    width: preset.paper ? preset.width : preset.width - 100,
    height: Math.round((preset.paper ? preset.width : preset.width - 100) * aspect),
    ...(preset.paper ? { autosize: { type: 'fit-x', contains: 'padding' } } : {}),
    config: chartConfig(preset),
  };
}

/** The top-level frame of a faceted chart (no fit: cells are sized by cellWidth). */
export function facetFrame(preset: ChartPreset, parts: SpecParts): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    description: parts.description,
    usermeta: { producedBy: parts.description },
    ...(preset.paper ? {} : { title: parts.title }),
    config: chartConfig(preset),
  };
}
