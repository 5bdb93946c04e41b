// The fast fuzz run: 48 cases (6 per input kind: arch config, trace, request trace, sweep results, metrics,
// checkpoint, dataset, flags), each through the real CLI in a sandbox, in one worker process. Every case must
// print no internal error, exit 0/1/2 with one line, stay in its time and heap bounds and touch nothing but
// its named outputs. The long run is `npm run bench -- fuzz`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWorker } from '../../bench/fuzz.ts';

test('fuzz: 48 mutated inputs and flags over every subcommand, no case breaks a promise', { timeout: 240_000 }, async () => {
  const { outcomes, died } = await runWorker(7, 48, 30_000, 90_000);
  assert.equal(died, undefined, died ?? '');
  assert.equal(outcomes.length, 48);
  const bad = outcomes
    .filter((o) => o.problems.length > 0)
    .map((o) => `${o.kind} ${o.mutation}: ${o.problems.join(', ')} | asapsim ${o.args.join(' ')} | ${o.firstLine}`);
  assert.deepEqual(bad, []);
  // The mutations reach the checks: most cases are refused as bad input, each kind at least once.
  for (const kind of new Set(outcomes.map((o) => o.kind)))
    assert.ok(
      outcomes.some((o) => o.kind === kind && o.exit === 2),
      `${kind}: some case refused`,
    );
});
