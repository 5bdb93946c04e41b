// Class 1, data loss through outputs: generated names, targets and leftover files against the one output
// layer (util/atomic.ts, claim.ts, cleanup.ts). Expected answers are computed from the rule, not the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertWritableDir, assertWritableFile, confined, safeName, writeDirAtomic, writeFileAtomic } from '../../src/util/atomic.ts';
import { claim, lockPath, releaseAll } from '../../src/util/claim.ts';
import { HOST, removeStale, TEMP_NAME, tempPath } from '../../src/util/cleanup.ts';
import { UserError } from '../../src/util/errors.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'asapsim-out-'));

test('a --name is accepted exactly when it is one plain directory entry (property)', () => {
  const chars = fc.constantFrom('a', 'Z', '0', '_', '-', '.', '/', '\\', ' ', '\0', '~', 'é');
  fc.assert(
    fc.property(
      fc.array(chars, { maxLength: 12 }).map((a) => a.join('')),
      (name) => {
        const plain = name.length > 0 && !name.startsWith('.') && !name.startsWith('-') && [...name].every((c) => /[A-Za-z0-9_.-]/.test(c));
        let ok = true;
        try {
          confined('reports', '--name', safeName('--name', name));
        } catch (e) {
          assert.ok(e instanceof UserError);
          ok = false;
        }
        assert.equal(ok, plain, JSON.stringify(name));
      },
    ),
    { numRuns: 500 },
  );
  for (const bad of ['', '.', '..', '../x', 'a/b', '/etc', '.hidden']) assert.throws(() => safeName('--name', bad), UserError);
});

test('--force replaces regular files only: symlinks, directories and device nodes are refused', () => {
  const dir = fresh();
  writeFileSync(join(dir, 'target'), 'precious\n');
  symlinkSync(join(dir, 'target'), join(dir, 'link'));
  mkdirSync(join(dir, 'sub'));
  for (const [name, force] of [
    ['link', true],
    ['sub', true],
    ['target', false],
  ] as const) {
    assert.throws(() => assertWritableFile(join(dir, name), force), UserError, name);
    releaseAll();
  }
  assert.throws(() => assertWritableFile('/dev/null', true), /is a device/);
  releaseAll();
  assert.throws(() => writeFileAtomic(join(dir, 'link'), 'x'), /symlink/);
  assert.equal(readFileSync(join(dir, 'target'), 'utf8'), 'precious\n');
  assertWritableFile(join(dir, 'target'), true);
  releaseAll();
});

test('--force never replaces a directory asapsim did not write; its own reports it does', async () => {
  const dir = fresh();
  mkdirSync(join(dir, 'home'));
  writeFileSync(join(dir, 'home', 'thesis.tex'), 'years of work\n');
  assert.throws(() => assertWritableDir(join(dir, 'home'), true), /did not write/);
  releaseAll();
  await writeDirAtomic(join(dir, 'r'), false, (s) => writeFileSync(join(s, 'index.html'), 'one'), 'compare');
  await writeDirAtomic(join(dir, 'r'), true, (s) => writeFileSync(join(s, 'index.html'), 'two'), 'compare');
  assert.equal(readFileSync(join(dir, 'r', 'index.html'), 'utf8'), 'two');
  assert.deepEqual(readdirSync(dir).sort(), ['home', 'r']);
  assert.equal(readFileSync(join(dir, 'home', 'thesis.tex'), 'utf8'), 'years of work\n');
});

test('a claim is exclusive: a live holder (another process) stops a second writer; a dead one on this host is taken over; another host never', async () => {
  const dir = fresh();
  const target = join(dir, 'out.jsonl');
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
  try {
    writeFileSync(lockPath(target), `${HOST} ${sleeper.pid} 0123abcd\n`);
    assert.throws(
      () => claim(target),
      (e: unknown) => e instanceof UserError && e.exitCode === 1 && /another asapsim run/.test(e.message),
    );
    writeFileSync(lockPath(target), `other_host 1 0123abcd\n`);
    assert.throws(() => claim(target), /on host other_host/);
  } finally {
    sleeper.kill();
  }
  const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
  writeFileSync(lockPath(target), `${HOST} ${dead} 0123abcd\n`);
  assert.equal(claim(target), true);
  assert.equal(claim(target), false, 're-entrant for its holder');
  releaseAll();
  assert.ok(!existsSync(lockPath(target)), 'released');
});

test('two processes racing for one output: exactly one wins, the other gets one line (exit 1)', async () => {
  const dir = fresh();
  const code = `import { claim } from ${JSON.stringify(new URL('../../src/util/claim.ts', import.meta.url).pathname)};
    try { claim(${JSON.stringify(join(dir, 'x'))}); process.stdout.write('won'); setTimeout(() => {}, 1500); } catch (e) { process.stdout.write('lost: ' + e.message); }`;
  const run = () =>
    new Promise<string>((resolve) => {
      const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('exit', () => resolve(out));
    });
  const results = await Promise.all([run(), run(), run()]);
  assert.equal(results.filter((r) => r === 'won').length, 1, results.join(' | '));
  assert.equal(results.filter((r) => r.startsWith('lost: ') && /being written by another asapsim run/.test(r)).length, 2);
});

test('leftover cleanup deletes only our marked temporaries of dead pids on this host (property over directory listings)', () => {
  const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
  const token = fc.stringMatching(/^[0-9a-f]{12}$/);
  const entry = fc.oneof(
    fc
      .record({ kind: fc.constant('ours-dead'), t: token, ext: fc.constantFrom('tmp', 'staging') })
      .map((r) => ({ name: `.f.asapsim-${HOST}-${dead}-${r.t}.${r.ext}`, remove: true })),
    fc.record({ kind: fc.constant('ours-live'), t: token }).map((r) => ({ name: `.f.asapsim-${HOST}-${process.pid}-${r.t}.tmp`, remove: false })),
    fc.record({ t: token }).map((r) => ({ name: `.f.asapsim-otherhost-${dead}-${r.t}.tmp`, remove: false })),
    fc.constantFrom(`.vimrc.${dead}.tmp`, `.x.${dead}.staging`, 'data.tmp', '.git', `.f.${dead}.tmp`).map((name) => ({ name, remove: false })),
  );
  fc.assert(
    fc.property(fc.uniqueArray(entry, { selector: (e) => e.name, maxLength: 8 }), (entries) => {
      const dir = fresh();
      for (const e of entries) writeFileSync(join(dir, e.name), 'x');
      removeStale(dir);
      assert.deepEqual(
        readdirSync(dir).sort(),
        entries
          .filter((e) => !e.remove)
          .map((e) => e.name)
          .sort(),
      );
    }),
    { numRuns: 60 },
  );
  assert.match(tempPath('/a/b.json', 'tmp'), new RegExp(`^/a/\\.b\\.json\\.asapsim-${HOST}-${process.pid}-[0-9a-f]{12}\\.tmp$`));
  assert.ok(TEMP_NAME.test(tempPath('b', 'staging').slice(0)));
});
