// The same inputs give byte-identical outputs: every file of a compare report (JSON, CSV, Vega-Lite specs,
// SVG, PNG, PDF, HTML) written twice, in both DRAM modes, and a trace written twice. Only a PDF's creation
// date may differ, and its /ID, which pdfkit hashes from that date; both are masked before comparing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from '../../src/analysis/compare.ts';
import { loadArch } from '../../src/arch/loader.ts';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { writeCompareReport } from '../../src/report/files/write-compare.ts';
import { shapeTrace } from '../../src/net/shape-trace.ts';
import { stashPolicies } from '../../src/trace/stash.ts';
import { writeTrace } from '../../src/trace/io.ts';
import { DRAM_MODES, type DramMode } from '../../src/dram/dram.ts';

const root = mkdtempSync(join(tmpdir(), 'asapsim-det-'));
const arch = loadArch(new URL('../../arch-configs/edge.yaml', import.meta.url).pathname);
const command = 'asapsim compare --model convnet --input mnist --batch 2 --rules bp,asap';

/** What is allowed to differ: a PDF's creation date and the document ID derived from it. */
const mask = (name: string, bytes: Buffer): Buffer =>
  name.endsWith('.pdf')
    ? Buffer.from(
        bytes
          .toString('latin1')
          .replace(/\(D:\d{14}Z\)/g, '(D:-)')
          .replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/, '/ID [-]'),
        'latin1',
      )
    : bytes;

async function report(dir: string, mode: DramMode): Promise<void> {
  const result = compare({
    model: 'convnet',
    rules: ['bp', 'asap'].map(parseRuleChoice),
    batch: 2,
    inputShape: [1, 28, 28],
    classes: 10,
    width: 0.25,
    arch,
    dramModel: mode,
  });
  await writeCompareReport(result, { dir, force: false, command, arch, formats: ['svg', 'png', 'pdf'] });
}

for (const mode of DRAM_MODES) {
  test(`compare (${mode}): two runs write byte-identical report files`, async () => {
    const a = join(root, `${mode}-a`);
    const b = join(root, `${mode}-b`);
    await report(a, mode);
    await report(b, mode);
    const files = readdirSync(a).sort();
    assert.deepEqual(readdirSync(b).sort(), files);
    for (const f of ['summary.json', 'results.json', 'layers.csv', 'index.html']) assert.ok(files.includes(f), f);
    for (const ext of ['.vl.json', '.svg', '.png', '.pdf'])
      assert.ok(
        files.some((f) => f.endsWith(ext)),
        ext,
      );
    for (const f of files) assert.ok(mask(f, readFileSync(join(a, f))).equals(mask(f, readFileSync(join(b, f)))), `${f} differs between runs`);
  });
}

test('trace: two runs write byte-identical files', () => {
  const spec = {
    model: 'resnet18',
    rule: parseRuleChoice('asap:4'),
    batch: 8,
    inputShape: [3, 32, 32] as [number, number, number],
    classes: 10,
    width: 0.5,
    stash: stashPolicies.pytorch,
  };
  writeTrace(join(root, 'a.jsonl'), shapeTrace(spec));
  writeTrace(join(root, 'b.jsonl'), shapeTrace(spec));
  assert.ok(readFileSync(join(root, 'a.jsonl')).equals(readFileSync(join(root, 'b.jsonl'))));
});
