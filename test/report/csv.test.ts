// CSVs load as they are: the first line is the header (no comment line), every integer column holds
// integers, sizes are bytes (checked against KiB/MiB multiplied out here) beside the size as typed, and the
// CSVW sidecar names exactly the header's columns with the producing command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layerCsv, layerCsvMetadata } from '../../src/report/files/csv.ts';
import { sweepCsv, sweepCsvMetadata } from '../../src/report/files/sweep-csv.ts';
import { sweepRows } from '../../src/sweep/table.ts';
import { smallCompare, smallSweep } from './fixtures.ts';

/** Simple CSV (the files hold no quoted commas): header and rows. */
function parse(text: string): { head: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  return { head: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

function checkAgainstMetadata(text: string, metadata: string, file: string) {
  const { head, rows } = parse(text);
  assert.ok(!text.startsWith('#'), 'no comment line');
  const meta = JSON.parse(metadata);
  assert.equal(meta.url, file);
  assert.equal(meta['@context'], 'http://www.w3.org/ns/csvw');
  assert.match(meta['dc:source'], /made-by-test/);
  const cols = meta.tableSchema.columns as Array<{ name: string; datatype: string }>;
  assert.deepEqual(
    cols.map((c) => c.name),
    head,
  );
  assert.ok(rows.length > 0);
  for (const r of rows) {
    assert.equal(r.length, head.length);
    cols.forEach((c, i) => {
      if (c.datatype === 'integer') assert.match(r[i], /^-?\d+$/, `${c.name}: "${r[i]}"`);
      if (c.datatype === 'number' && r[i] !== '') assert.ok(Number.isFinite(Number(r[i])), `${c.name}: "${r[i]}"`);
    });
  }
  return { head, rows };
}

test('layers.csv: header first, byte counts as integers, columns described in layers.csv-metadata.json', () => {
  const { head, rows } = checkAgainstMetadata(layerCsv(smallCompare()), layerCsvMetadata('made-by-test'), 'layers.csv');
  const role = head.indexOf('role');
  const label = head.indexOf('role_label');
  const saved = rows.find((r) => r[role] === 'saved_activation');
  assert.equal(saved?.[label], 'saved activations');
});

test('sweep.csv: a swept size as typed and in bytes; DRAM total in bytes and MiB', async () => {
  const { header, points } = await smallSweep();
  const d = header.description;
  const { head, rows } = checkAgainstMetadata(sweepCsv(d, sweepRows(d, points)), sweepCsvMetadata(d, 'made-by-test'), 'sweep.csv');
  const typed = head.indexOf('buffer.capacity');
  const bytes = head.indexOf('buffer.capacity_bytes');
  assert.ok(typed >= 0 && bytes === typed + 1);
  const factor = { KiB: 1024, MiB: 1024 * 1024 } as Record<string, number>;
  for (const r of rows) {
    const [n, u] = r[typed].split(' ');
    assert.equal(Number(r[bytes]), Number(n) * factor[u], r[typed]);
  }
  assert.ok(!head.includes('dtypes.saved_activation_bytes'), 'only sizes get a bytes column');
  const total = head.indexOf('dram_total_bytes');
  const shown = head.indexOf('dram_total');
  for (const r of rows) assert.equal(r[shown], `${(Number(r[total]) / 2 ** 20).toFixed(1)} MiB`);
});
