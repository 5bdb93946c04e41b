// Every results file says its format version and is read beside its writer: results.json and summary.json
// of a report carry version 1, a later version is refused naming the file and field, a report of an earlier
// build (no kind, no version) still reads; a sweep's points file header carries version 1 too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillCompareReport } from '../../src/report/files/write-compare.ts';
import { putInto } from '../../src/report/files/write-report.ts';
import { readResultsJson, RESULTS_VERSION } from '../../src/report/files/results-json.ts';
import { readResults } from '../../src/sweep/results.ts';
import { edge, smallCompare, smallSweep } from './fixtures.ts';

test('results.json and summary.json carry version 1; readResultsJson reads back what fillCompareReport wrote', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-results-'));
  const arch = { file: edge, hash: 'h', text: readFileSync(edge, 'utf8') };
  await fillCompareReport(smallCompare(), { command: 'test', arch, formats: ['svg'], charts: ['traffic-by-role'] }, putInto(dir, []));
  assert.equal(RESULTS_VERSION, 1);
  assert.equal(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).version, 1);
  const back = readResultsJson(join(dir, 'results.json'));
  assert.equal(back.kind, 'compare');
  assert.equal(back.version, 1);
  if (back.kind === 'compare') assert.deepEqual(back.result.summaries, JSON.parse(JSON.stringify(smallCompare().summaries)));
});

test('a results.json of a later format is refused; one of an earlier build (no kind, no version) is read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-results-'));
  const later = join(dir, 'later.json');
  writeFileSync(later, JSON.stringify({ kind: 'compare', version: 2, result: {} }));
  assert.throws(() => readResultsJson(later), /later\.json: version: results format 2 is not supported \(this build reads version 1\)/);
  const old = join(dir, 'old.json');
  const result = JSON.parse(JSON.stringify(smallCompare()));
  writeFileSync(old, JSON.stringify({ producer: { tool: 'asapsim', version: '0.0.9', command: 'asapsim compare' }, result }));
  const r = readResultsJson(old);
  assert.equal(r.kind, 'compare');
  if (r.kind === 'compare') assert.equal(r.producer.arch.hash, result.spec.archHash);
});

test("a sweep's points file header says version 1; a later version is refused", async () => {
  const { header, points } = await smallSweep();
  assert.equal(header.version, 1);
  const file = join(mkdtempSync(join(tmpdir(), 'asapsim-points-')), 'points.jsonl');
  writeFileSync(file, [JSON.stringify({ ...header, version: 9 }), JSON.stringify(points[0])].join('\n') + '\n');
  assert.throws(() => readResults(file), /points\.jsonl:1: version: results format 9 is not supported/);
});
