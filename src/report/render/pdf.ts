// SVG -> vector PDF: pdfkit writes the PDF, svg-to-pdfkit draws the SVG's paths and text into it, and the
// text uses the TrueType DejaVu Sans files, embedded (subset) in the PDF, so a venue's checker finds every
// font embedded. One SVG px is one PDF pt, so a paper preset's 252 px figure is 3.5 in wide.
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { fontFile } from './fonts.ts';
import { UserError } from '../../util/errors.ts';

function svgSize(svg: string): { width: number; height: number } {
  const tag = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\bwidth="([\d.]+)/.exec(tag)?.[1]);
  const height = Number(/\bheight="([\d.]+)/.exec(tag)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('SVG without a width and height');
  return { width, height };
}

/**
 * The date a PDF carries (and pdfkit hashes into its /ID): SOURCE_DATE_EPOCH when set (reproducible-builds.org),
 * else the Unix epoch, so the same inputs give the same bytes. The report's provenance says when it was made.
 */
export function buildDate(env = process.env.SOURCE_DATE_EPOCH): Date {
  if (env === undefined || env === '') return new Date(0);
  if (!/^\d{1,12}$/.test(env)) throw new UserError(`SOURCE_DATE_EPOCH: expected whole seconds since 1970, got "${env}"`);
  return new Date(Number(env) * 1000);
}

export async function svgToPdf(svg: string, meta: { title: string; producedBy: string }): Promise<Uint8Array> {
  const regular = fontFile('DejaVuSans.ttf');
  const bold = fontFile('DejaVuSans-Bold.ttf');
  const { width, height } = svgSize(svg);
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    autoFirstPage: true,
    info: {
      Title: meta.title,
      Creator: meta.producedBy,
      Producer: 'asapsim (pdfkit)',
      Subject: meta.producedBy,
      CreationDate: buildDate(),
      ModDate: buildDate(),
    },
    compress: true,
  });
  doc.registerFont('body', regular);
  doc.registerFont('body-bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  SVGtoPDF(doc, svg, 0, 0, { width, height, assumePt: true, fontCallback: (_family: string, isBold: boolean) => (isBold ? 'body-bold' : 'body') });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
