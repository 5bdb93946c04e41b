// Text widths from the DejaVu Sans font files (fontkit, the font engine pdfkit embeds fonts with), so Vega
// lays out legends, axes and titles with the widths resvg and the PDF then draw. Without a canvas Vega
// would assume 0.8 em per character, about half again DejaVu's real width: legends planned on that
// estimate take one column where two fit. Vega supports a user-defined textMetrics.width (as vl-convert
// does). Where the fonts are missing, the estimate stays and layouts are only looser.
import { createRequire } from 'node:module';
import { findFont } from './fonts.ts';

interface Font {
  unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
}

let fonts: { regular: Font; bold: Font } | null | undefined;
const cache = new Map<string, number>();

function loadFonts(): typeof fonts {
  const regular = findFont('DejaVuSans.ttf');
  const bold = findFont('DejaVuSans-Bold.ttf');
  if (!regular || !bold) return null;
  const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): Font };
  return { regular: fontkit.openSync(regular), bold: fontkit.openSync(bold) };
}

/** Width in px of `text` at `size` px in DejaVu Sans; undefined when the font files are missing. */
export function measuredWidth(text: string, size: number, bold = false): number | undefined {
  if (fonts === undefined) fonts = loadFonts();
  if (!fonts) return undefined;
  const key = `${bold ? 'b' : 'r'}${size} ${text}`;
  let w = cache.get(key);
  if (w === undefined) {
    const f = bold ? fonts.bold : fonts.regular;
    w = (f.layout(text).advanceWidth / f.unitsPerEm) * size;
    cache.set(key, w);
  }
  return w;
}

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

/** Makes Vega measure text with DejaVu Sans (once per process; a no-op without the font files). */
export function useFontMetrics(textMetrics: { width: (item: TextItem, text?: unknown) => number }): void {
  if (measuredWidth('x', 10) === undefined) return;
  textMetrics.width = (item, text) => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const t = text == null ? '' : String(text).trim();
    const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    return size <= 0 || !t ? 0 : measuredWidth(t, size, bold)!;
  };
}
