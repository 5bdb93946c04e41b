// The DejaVu Sans files every renderer here uses (PNG via resvg's system fonts, PDF embedding, text
// measurement for the layout), found where Debian and other distributions install them.
import { existsSync } from 'node:fs';
import { UserError } from '../../util/errors.ts';

const fontDirs = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF', '/usr/local/share/fonts'];

/** The path of a DejaVu font file, or undefined. */
export function findFont(name: string): string | undefined {
  for (const dir of fontDirs) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return undefined;
}

/** The path of a DejaVu font file; a one-line error saying how to install it. */
export function fontFile(name: string): string {
  const path = findFont(name);
  if (!path)
    throw new UserError(`PDF output needs the ${name} font file (Debian/Ubuntu: apt-get install fonts-dejavu-core); looked in ${fontDirs.join(', ')}`, 1);
  return path;
}
