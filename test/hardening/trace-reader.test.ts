// The trace reader: every trace the tool writes reads back as written (property over models, rules,
// stash policies and element types); damaged traces give a clean parse or a UserError, never another
// exception (fuzz); a torn final line and a line-boundary cut are both caught; memory holds only live tensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTrace, loadTrace, readTrace, writeTrace } from '../../src/trace/io.ts';
import { shapeTrace } from '../../src/net/shape-trace.ts';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { stashPolicies } from '../../src/trace/stash.ts';
import { models } from '../../src/net/models/index.ts';
import { mutation, readOutcome } from '../../bench/trace-mutations.ts';
import { syntheticEvent, syntheticHeader, writeSyntheticTrace } from '../../bench/trace-gen.ts';
import { UserError } from '../../src/util/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'asapsim-trace-'));
const rules = ['bp', 'fa', 'dfa', 'kp', 'as', 'as:4', 'asap', 'asap:4'];

test('every trace the tool writes reads back exactly (property)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...Object.keys(models)),
      fc.constantFrom(...rules),
      fc.constantFrom(...Object.values(stashPolicies)),
      fc.integer({ min: 1, max: 8 }),
      fc.constantFrom(undefined, { saved_activation: 'bf16' as const }, { weight: 'int8' as const, error: 'fp16' as const }),
      async (model, rule, stash, batch, dtypes) => {
        const trace = shapeTrace({ model, rule: parseRuleChoice(rule), batch, inputShape: [3, 32, 32], classes: 10, width: 0.125, stash, dtypes });
        const path = join(dir, 'rt.jsonl');
        writeTrace(path, trace);
        assert.deepEqual(await loadTrace(path), JSON.parse(JSON.stringify(trace)));
      },
    ),
    { numRuns: 25, seed: 21 },
  );
});

test('fuzz: damaged traces give a clean parse or a UserError, nothing else (property)', async () => {
  const valid = formatTrace(
    shapeTrace({ model: 'convnet', rule: parseRuleChoice('asap'), batch: 2, inputShape: [1, 28, 28], classes: 10, width: 0.25, stash: stashPolicies.compact }),
  );
  const seen = { parsed: 0, 'user-error': 0 };
  await fc.assert(
    fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
      seen[
        await readOutcome(
          join(dir, 'fuzz.jsonl'),
          ms.reduce((t, m) => m(t), valid),
        )
      ]++;
    }),
    { numRuns: 400, seed: 22 },
  );
  assert.ok(seen['user-error'] > 300, `most damage is caught: ${JSON.stringify(seen)}`);
});

test('every cut of a trace is caught: mid-line (torn) or at a line boundary (step incomplete)', async () => {
  const text = formatTrace(
    shapeTrace({ model: 'convnet', rule: parseRuleChoice('bp'), batch: 1, inputShape: [1, 28, 28], classes: 10, width: 0.125, stash: stashPolicies.compact }),
  );
  const path = join(dir, 'cut.jsonl');
  for (let at = 1; at < text.length - 1; at += 97) {
    writeFileSync(path, text.slice(0, at));
    await assert.rejects(
      async () => {
        for await (const _ of readTrace(path));
      },
      (e: unknown) => e instanceof UserError && /^\S+:\d+: /.test(e.message),
      `cut at byte ${at}`,
    );
  }
});

test('a trace with no newline after its last complete line still reads (hand-written files)', async () => {
  const text = formatTrace(
    shapeTrace({ model: 'convnet', rule: parseRuleChoice('fa'), batch: 1, inputShape: [1, 28, 28], classes: 10, width: 0.125, stash: stashPolicies.compact }),
  );
  const path = join(dir, 'nonl.jsonl');
  writeFileSync(path, text.trimEnd().replace(/\n/g, '\r\n'));
  assert.equal((await loadTrace(path)).events.length, text.trimEnd().split('\n').length - 1);
});

test('the reader holds only live tensors: a long synthetic trace reads with flat memory', async () => {
  const path = join(dir, 'long.jsonl');
  await writeSyntheticTrace(path, 60000);
  let n = 0;
  // Peak RSS over each half: garbage collection makes a sawtooth, a leak would lift the second peak.
  const peak = [0, 0];
  for await (const _ of readTrace(path)) {
    if (++n % 1000 === 0) peak[n <= 30000 ? 0 : 1] = Math.max(peak[n <= 30000 ? 0 : 1], process.memoryUsage().rss);
  }
  assert.equal(n, 60001);
  assert.ok(peak[1] - peak[0] < 64 * 2 ** 20, `RSS peak grew ${(peak[1] - peak[0]) / 2 ** 20} MiB`);
  // The same generator's events satisfy the checks one by one, and a missing last free is caught.
  writeFileSync(path, [syntheticHeader(), syntheticEvent(0, 2)].map((r) => JSON.stringify(r)).join('\n') + '\n');
  await assert.rejects(loadTrace(path), /:2: ends with 1 tensor\(s\) never freed \(e\.g\. "a0"\)/);
  appendFileSync(path, JSON.stringify(syntheticEvent(1, 2)) + '\n');
  assert.equal((await loadTrace(path)).events.length, 2);
});
