// Every bad-input class gets one line naming the file (and line), the key and what was expected, the
// documented exit code, and writes nothing; docs/errors.md shows exactly these messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { badInputs, type BadInput } from '../../scripts/bad-inputs.ts';
import { runBadInput, type Outcome } from '../../scripts/run-bad-input.ts';
import { errorsFile, errorsTable } from '../../scripts/errors-table.ts';

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

const runs: Array<{ c: BadInput; o: Outcome }> = [];

for (const c of badInputs) {
  test(`${c.area}: ${c.what}`, async () => {
    const o = await runBadInput(c);
    runs.push({ c, o });
    const lines = o.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line, got:\n${o.stderr}`);
    assert.match(lines[0], /^asapsim: /);
    assert.match(lines[0], c.expect);
    assert.equal(o.exit, c.exit, o.stderr);
    assert.deepEqual(filesIn(o.dir), Object.keys(c.files ?? {}).sort(), 'no output written');
  });
}

test('docs/errors.md holds the messages the code prints now (regenerate: node --import tsx scripts/errors-table.ts)', () => {
  assert.equal(runs.length, badInputs.length);
  assert.equal(readFileSync(errorsFile, 'utf8'), errorsTable(runs));
});
