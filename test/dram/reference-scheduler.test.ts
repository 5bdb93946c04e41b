// The FR-FCFS scheduler keeps per-bank candidates cached, grouped by (rank, kind) in tie order, and
// stops group walks early, and compares only a newcomer's bank against its previous choice. None of that may change a decision. This replays random traces with a reference
// FR-FCFS written as plainly as possible (every bank, every decision, no cache) and asserts the issued
// command logs and the reports are identical, for every preset, both page policies and refresh modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CycleDram, listPresets, resolveSpec } from '../../src/dram/index.ts';
import { rowBytes } from '../../src/dram/spec.ts';
import type { Scheduler, SchedulerContext } from '../../src/dram/scheduler/index.ts';
import { RequestCommand } from '../../src/dram/scheduler/request-command.ts';
import type { Choice } from '../../src/dram/state/choice.ts';
import type { QueueKind } from '../../src/dram/state/queues.ts';
import { ArraySource } from './helpers.ts';

/**
 * FR-FCFS by definition: for each bank the request its open row was activated for if that one is of the
 * other queue, else the oldest hit, else the oldest request; soonest, then hit, then oldest.
 */
function referenceFrFcfs(ctx: SchedulerContext): Scheduler {
  const { queues: q, banks, geometry: g } = ctx;
  const next = new RequestCommand(ctx);
  return {
    name: 'fr-fcfs-reference',
    // always from scratch, whatever the basis: ignores the controller's hints
    choose(ch: number, m: QueueKind, rowFloor: number, colFloor: number, _basis, out: Choice): void {
      let be = Infinity;
      let bcol = 0;
      let bseq = Infinity;
      let chosen = false;
      for (let b = ch * g.banksPerCh; b < (ch + 1) * g.banksPerCh; b++) {
        const li = m * q.banks + b;
        // a row opened for a request of the other queue serves that request first
        const claimed = banks.claim[b] >= 0 && banks.claimKind[b] !== m;
        if (q.count[li] === 0 && !claimed) continue;
        let s = claimed ? banks.claim[b] : q.head[li];
        const kind = claimed ? (banks.claimKind[b] as QueueKind) : m;
        if (!claimed && banks.openRow[b] >= 0) {
          for (let x = q.head[li]; x >= 0; x = q.nextOf[x]) {
            if (q.row[x] === banks.openRow[b]) {
              s = x;
              break;
            }
          }
        }
        if (!next.at(kind, b, s, rowFloor, colFloor)) continue;
        const e = next.earliest;
        const col = next.isColumn;
        const seq = q.seq[s];
        if (e < be || (e === be && (col > bcol || (col === bcol && seq < bseq)))) {
          be = e;
          bcol = col;
          bseq = seq;
          chosen = true;
          out.set(ch, e, b, next.cmd, s, col);
        }
      }
      if (!chosen) out.clear(ch);
    },
  };
}

function run(preset: string, overrides: Record<string, string | number>, reqs: { addr: number; write: boolean; arrival: number }[], reference: boolean) {
  const d = new CycleDram(resolveSpec(preset, overrides), { scheduler: reference ? referenceFrFcfs : undefined });
  const log = d.recordCommands();
  d.runSource(new ArraySource(reqs));
  const n = log.length;
  return {
    report: d.report(),
    log: [Array.from(log.time.subarray(0, n)), Array.from(log.cmd.subarray(0, n)), Array.from(log.bank.subarray(0, n)), Array.from(log.row.subarray(0, n))],
  };
}

const request = fc.record({
  region: fc.integer({ min: 0, max: 5 }),
  offset: fc.integer({ min: 0, max: 1 << 13 }),
  write: fc.boolean(),
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
});

for (const preset of listPresets().map((p) => p.name)) {
  test(`${preset}: cached FR-FCFS decides exactly as the plain reference on random traces`, () => {
    const spec = resolveSpec(preset);
    const row = rowBytes(spec);
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 400 }),
        fc.constantFrom('open', 'closed'),
        fc.constantFrom(...(spec.perBankRefresh ? ['allbank', 'perbank'] : ['allbank'])),
        fc.constantFrom(1, 2),
        (reqs, pagePolicy, refresh, ranks) => {
          let t = 0;
          const list = reqs.map((r) => ({ addr: (r.region * 1013 * row + r.offset * 32) % 2 ** 33, write: r.write, arrival: (t += r.gap) }));
          const o = {
            scheduler: 'fr-fcfs',
            pagePolicy,
            refresh,
            ranks,
            readQueue: 16,
            writeQueue: 16,
            REFI: 500,
            RFC: Math.min(spec.timing.RFC, 100),
            RFCpb: spec.perBankRefresh ? 30 : 0,
            PBR2PBR: Math.min(spec.timing.PBR2PBR, 20), // keeps up with the shortened tREFI / banks
          };
          const a = run(preset, o, list, false);
          const b = run(preset, o, list, true);
          assert.deepEqual(a.log, b.log);
          assert.deepEqual(a.report, b.report);
        },
      ),
      { numRuns: 30, seed: 7 },
    );
  });
}
