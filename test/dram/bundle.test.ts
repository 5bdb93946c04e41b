// The build's one-file `asapsim dram` (dist/bundle/dram.js, run by bin/asapsim.js for that command) answers
// exactly as the unbundled program: output, errors and exit codes, paths computed from import.meta.url (the
// package root in help, package.json's version) and the lazily loaded config readers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const bundle = join(root, 'dist/bundle/dram.js');
const unbundled = join(root, 'dist/cli/main.js');

/** The bundle is built and no source is newer than the build (else it may rightly differ). */
function freshBundle(): boolean {
  const stamp = join(root, 'dist/.built');
  if (!existsSync(bundle) || !existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return !readdirSync(join(root, 'src'), { recursive: true }).some((f) => statSync(join(root, 'src', String(f))).mtimeMs > built);
}

function run(entry: string, args: string[]) {
  const code = `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(process.argv);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, '--', 'asapsim', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the dram bundle answers as the unbundled program', { skip: freshBundle() ? false : 'dist/ is not built or older than src/ (npm run build)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-dram-bundle-'));
  try {
    const trace = join(dir, 't.trc');
    writeFileSync(
      trace,
      Array.from({ length: 3000 }, (_, i) => `0x${(((i * 7919) % 65536) * 64).toString(16)} ${i % 3 ? 'READ' : 'WRITE'} ${i}`).join('\n') + '\n',
    );
    const ini = join(dir, 'd.ini');
    writeFileSync(ini, '[dram_structure]\nprotocol = DDR4\n');
    const cases: string[][] = [
      ['dram', '--trace', trace, '--format', 'dramsim3', '--json'],
      ['dram', '--trace', trace, '--format', 'dramsim3', '--preset', 'HBM2-2Gbps', '--set', 'refresh=perbank'],
      ['dram', '--trace', trace, '--format', 'dramsim3', '--command-trace', join(dir, 'c.txt'), '--force', '--json'],
      ['dram', '--config', ini, '--print-config'],
      ['dram', '--config', join(dir, 'missing.yaml')],
      ['dram', '--trace', join(dir, 'missing.trc'), '--format', 'dramsim3'],
      ['dram', '--bogus'],
      ['dram', '--help'],
      ['help', 'dram'],
      ['dram', '--version'],
    ];
    for (const args of cases) assert.deepEqual(run(bundle, args), run(unbundled, args), args.join(' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
