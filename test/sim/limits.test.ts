// Allocation limits: buffers and address space sized from the config, refused in one line above a stated
// limit instead of exhausting V8 (issue 13, class 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadArch } from '../../src/arch/loader.ts';
import { MAX_BUFFER_BLOCKS } from '../../src/arch/schema.ts';
import { AnalyticDram } from '../../src/dram/analytic.ts';
import { replaySync } from '../../src/sim/replay.ts';
import { UserError } from '../../src/util/errors.ts';
import { trace } from '../helpers.ts';

const edgeFile = new URL('../../arch-configs/edge.yaml', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'asapsim-limits-'));

function configWith(capacity: string, block: string): string {
  const text = readFileSync(edgeFile, 'utf8')
    .replace(/capacity: 512 KiB/, `capacity: ${capacity}`)
    .replace(/block: 1 KiB/, `block: ${block}`);
  const file = join(dir, `${capacity}-${block}.yaml`.replace(/ /g, ''));
  writeFileSync(file, text);
  return file;
}

test('a 256 GiB buffer of 1 KiB blocks is refused in one line naming buffer.block', () => {
  const file = configWith('256 GiB', '1 KiB');
  assert.throws(
    () => loadArch(file),
    (e: Error) =>
      e instanceof UserError && /buffer\.block/.test(e.message) && new RegExp(String(MAX_BUFFER_BLOCKS)).test(e.message) && !e.message.includes('\n'),
  );
  // The same capacity with blocks large enough to stay under the limit loads.
  assert.equal(loadArch(configWith('256 GiB', '64 KiB')).config.buffer.capacity, 256 * 2 ** 30);
});

test('1-byte blocks over a batch-128 step are refused once the live tensors span more than the indexed address space', () => {
  const arch = loadArch(configWith('1 MiB', '1 B')).config;
  const t = trace('resnet18', 'bp', { batch: 128, width: 1 });
  assert.throws(
    () => replaySync({ header: t.header, arch: { ...arch, lowering: 'streaming' }, archHash: 'x', dram: new AnalyticDram(25.6, 100, 0) }, t.events),
    (e: Error) => e instanceof UserError && /buffer\.block: the step's live tensors span \d+ blocks of 1 B/.test(e.message),
  );
});
