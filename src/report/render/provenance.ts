// Stamps "what produced this file" into chart files: a <desc> element in an SVG and a tEXt chunk
// in a PNG (PDFs carry it in their info dictionary, see pdf.ts). A reader finds the tool version, the
// command and the config hash without the report around it.
import { crc32 } from 'node:zlib';

export function stampSvg(svg: string, producedBy: string): string {
  const text = producedBy.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return svg.replace(/<svg\b[^>]*>/, (open) => `${open}<desc>${text}</desc>`);
}

/** Inserts a tEXt chunk (keyword "Comment", Latin-1 text) right after the PNG's IHDR chunk. */
export function stampPng(png: Uint8Array, producedBy: string): Uint8Array {
  const ihdrEnd = 8 + 4 + 4 + 13 + 4; // signature, IHDR length, type, data, CRC
  const body = Buffer.concat([
    Buffer.from('tEXt', 'latin1'),
    Buffer.from('Comment\0', 'latin1'),
    Buffer.from(producedBy.replace(/[^\x20-\x7e]/g, '?'), 'latin1'),
  ]);
  const chunk = Buffer.alloc(4 + body.length + 4);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body) >>> 0, 4 + body.length);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}
