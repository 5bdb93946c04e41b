// Number formatting shared by the terminal tables and the HTML report.
export const MiB = 2 ** 20;

export function mib(bytes: number, digits = 1): string {
  return (bytes / MiB).toFixed(digits);
}

export function pct(x: number): string {
  return `${x >= 0 ? '' : '−'}${Math.abs(x).toFixed(1)}%`;
}

/** A plain-text table with right-aligned numeric columns. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
