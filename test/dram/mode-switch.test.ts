// Read/write drain switches must not undo activations: a row opened for a request stays open until that
// request's column access, whatever the drain mode does meanwhile (only refresh may close it first).
// Checked on the command log of random mixed read/write traces with small queues (many switches).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CycleDram, resolveSpec } from '../../src/dram/index.ts';
import { rowBytes } from '../../src/dram/spec.ts';
import { ACT, PRE, PREA, RD, RDA, WR, WRA } from '../../src/dram/commands.ts';
import { BY_REFRESH, type CommandLog } from '../../src/dram/command-log.ts';
import { ArraySource } from './helpers.ts';

const isColumn = (c: number) => c === RD || c === WR || c === RDA || c === WRA;
const isRead = (c: number) => c === RD || c === RDA;

/** Rows closed under their opener (by index of the closing command), and how many openers waited across a switch. */
function audit(log: CommandLog, banksPerRank: number, banksPerCh: number): { broken: number[]; crossed: number } {
  const opener = new Map<number, number>(); // bank -> request whose ACT opened it, until its column access
  const openerRead = new Map<number, boolean>();
  const sawOther = new Map<number, boolean>(); // a column access of the other direction on the channel since
  const broken: number[] = [];
  let crossed = 0;
  const close = (b: number, i: number, byRefresh: boolean) => {
    if (opener.has(b) && !byRefresh) broken.push(i);
    opener.delete(b);
  };
  for (let i = 0; i < log.length; i++) {
    const c = log.cmd[i];
    const b = log.bank[i];
    const req = log.request[i];
    if (c === ACT) {
      opener.set(b, req);
      openerRead.set(b, false);
      sawOther.set(b, false);
    } else if (isColumn(c)) {
      const ch = Math.floor(b / banksPerCh);
      for (const ob of opener.keys()) {
        if (Math.floor(ob / banksPerCh) === ch && ob !== b) {
          const readOpener = openerRead.get(ob);
          if (readOpener !== undefined && readOpener !== isRead(c)) sawOther.set(ob, true);
        }
      }
      if (opener.get(b) === req) {
        if (sawOther.get(b)) crossed++;
        opener.delete(b);
      } else if (c === RDA || c === WRA) close(b, i, false);
    } else if (c === PRE) close(b, i, req === BY_REFRESH);
    else if (c === PREA) {
      const r0 = Math.floor(b / banksPerRank) * banksPerRank;
      for (let x = r0; x < r0 + banksPerRank; x++) close(x, i, req === BY_REFRESH);
    }
  }
  return { broken, crossed };
}

const request = fc.record({
  region: fc.integer({ min: 0, max: 40 }),
  offset: fc.integer({ min: 0, max: 1 << 12 }),
  write: fc.boolean(),
  gap: fc.integer({ min: 0, max: 3 }),
});

for (const preset of ['DDR4-2400-8Gb-x8', 'LPDDR5-6400', 'HBM2-2Gbps']) {
  for (const scheduler of ['fr-fcfs', 'fcfs']) {
    test(`${preset}, ${scheduler}: no row is closed between its ACT and its opener's column access (except by refresh)`, () => {
      const spec = resolveSpec(preset);
      const row = rowBytes(spec);
      let crossed = 0;
      fc.assert(
        fc.property(fc.array(request, { minLength: 50, maxLength: 400 }), fc.constantFrom('open', 'closed'), (reqs, pagePolicy) => {
          let t = 0;
          const list = reqs.map((r) => ({ addr: (r.region * 4099 * row + r.offset * 64) % 2 ** 32, write: r.write, arrival: (t += r.gap) }));
          const d = new CycleDram(resolveSpec(preset, { scheduler, pagePolicy, readQueue: 8, writeQueue: 8, REFI: 2000 }));
          const log = d.recordCommands();
          d.runSource(new ArraySource(list));
          const o = spec.org;
          const a = audit(log, o.bankGroups * o.banksPerGroup, o.ranks * o.bankGroups * o.banksPerGroup);
          crossed += a.crossed;
          assert.deepEqual(a.broken, [], `rows closed under their opener at log entries ${a.broken.slice(0, 5).join(', ')}`);
          assert.equal(d.report().requests, list.length);
        }),
        { numRuns: 25, seed: 11 },
      );
      // not vacuous: with FR-FCFS some openers do wait while the other direction is served (FCFS serves
      // the oldest request alone, so its openers rarely wait)
      if (scheduler === 'fr-fcfs') assert.ok(crossed > 0, 'no activation waited across a read/write switch');
    });
  }
}
