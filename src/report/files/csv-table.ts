// A CSV that loads as it is (pandas.read_csv, R's read.csv, a spreadsheet): the header is the first line,
// numbers are plain numbers (sizes in bytes, times in ns, energy in J), and what a number means and what
// produced the file go in a W3C CSVW sidecar, <name>-metadata.json, not in comment lines.
import { stringify } from 'csv-stringify/sync';
import { TOOL, VERSION } from '../../util/version.ts';

export interface CsvColumn {
  name: string;
  datatype: 'integer' | 'number' | 'string';
  description: string;
}

export type CsvCell = string | number;

export function csvText(columns: CsvColumn[], rows: CsvCell[][]): string {
  return stringify([columns.map((c) => c.name), ...rows]);
}

/** The CSVW metadata of `file` (https://www.w3.org/TR/tabular-metadata/): columns, units, provenance. */
export function csvMetadata(file: string, columns: CsvColumn[], producedBy: string, description: string): string {
  const doc = {
    '@context': 'http://www.w3.org/ns/csvw',
    url: file,
    'dc:description': description,
    'dc:creator': `${TOOL} ${VERSION}`,
    'dc:source': producedBy,
    tableSchema: { columns: columns.map((c) => ({ name: c.name, titles: c.name, datatype: c.datatype, 'dc:description': c.description })) },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
