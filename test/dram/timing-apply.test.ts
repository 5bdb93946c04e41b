// The timing table compiled to code (state/timing-apply.ts) must raise exactly the bounds the table walk
// does: random command sequences on every preset (2 ranks too, for the other-rank rows; HBM's two-cycle
// ACT), the two TimingStates compared array by array after every command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { listPresets, resolveSpec } from '../../src/dram/index.ts';
import { commandInterface } from '../../src/dram/spec.ts';
import { NCMD } from '../../src/dram/commands.ts';
import { Geometry } from '../../src/dram/state/geometry.ts';
import { TimingState } from '../../src/dram/state/timing-state.ts';
import { applyByTable } from '../../src/dram/state/timing-apply.ts';

test('compiled timing apply equals the table walk on every preset, 1 and 2 ranks', () => {
  for (const p of listPresets()) {
    for (const ranks of [1, 2]) {
      const spec = resolveSpec(p.name, { ranks });
      const g = new Geometry(spec.org);
      const actCycles = commandInterface(spec.org).actCycles;
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: 0, max: NCMD - 1 }), fc.nat(g.banks - 1), fc.integer({ min: 1, max: 60 })), { maxLength: 60 }),
          (cmds) => {
            const compiled = new TimingState(spec.timing, g, actCycles);
            const walked = new TimingState(spec.timing, g, actCycles);
            let t = 0;
            for (const [cmd, b, dt] of cmds) {
              t += dt;
              compiled.apply(cmd, b, t);
              applyByTable(walked.tt, walked, cmd, b, t);
              for (const k of ['bankNext', 'bgNext', 'rankNext', 'faw', 'fawPos'] as const)
                assert.deepEqual(compiled[k], walked[k], `${p.name} ${ranks} rank(s): ${k}`);
            }
          },
        ),
        { numRuns: 40 },
      );
    }
  }
});
