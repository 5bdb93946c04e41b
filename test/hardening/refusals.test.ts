// Classes 4, 5 and 6: damaged binary and structured inputs are one-line UserErrors, never another exception;
// names never reach Object.prototype; wrong-but-plausible values are refused; outputs do not depend on worker
// order or the clock. Every family generates its cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/util/errors.ts';
import { decodeSafetensors, encodeSafetensors } from '../../src/engine/safetensors.ts';
import { parseIdx } from '../../src/engine/data/idx.ts';
import { readMaybeGz } from '../../src/engine/data/files.ts';
import { parseConfigText } from '../../src/arch/loader.ts';
import { parseQuantity } from '../../src/arch/quantity.ts';
import { jsonText } from '../../src/util/jsonl.ts';
import { canonicalPoints, type PointLine } from '../../src/sweep/results.ts';
import { getModel } from '../../src/net/models/index.ts';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { getStashPolicy } from '../../src/trace/stash.ts';
import { main } from '../../src/cli/main.ts';
import { buildDate } from '../../src/report/render/pdf.ts';

const dir = mkdtempSync(join(tmpdir(), 'asapsim-refuse-'));
const only = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof UserError && !e.message.includes('\n')) return 'user-error';
    throw e;
  }
};

const valid = encodeSafetensors(new Map([['w', { dtype: 'F32' as const, shape: [2, 3], data: new Float32Array(6).fill(1) }]]), { model: 'convnet' });
const headerOf = (b: Uint8Array) => JSON.parse(Buffer.from(b.subarray(8, 8 + Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true)))).toString());
const withHeader = (h: unknown) => {
  const json = Buffer.from(JSON.stringify(h));
  const data = valid.subarray(8 + Number(new DataView(valid.buffer).getBigUint64(0, true)));
  const out = Buffer.alloc(8 + json.length + data.length);
  out.writeBigUInt64LE(BigInt(json.length));
  json.copy(out, 8);
  Buffer.from(data).copy(out, 8 + json.length);
  return out;
};
const anyJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({}),
  fc.constant('__proto__'),
);

test('safetensors: any header field replaced by any JSON value, or any bytes, is a clean read or one line (property)', () => {
  const h = headerOf(valid);
  fc.assert(
    fc.property(fc.constantFrom('w.dtype', 'w.shape', 'w.data_offsets', 'w', '__metadata__', 'whole', 'w.shape.0', 'w.data_offsets.1'), anyJson, (path, v) => {
      const copy = structuredClone(h);
      const parts = path.split('.');
      if (path === 'whole') return void only(() => decodeSafetensors(withHeader(v), 'c.st'));
      let node = copy;
      for (const p of parts.slice(0, -1)) node = node[p];
      node[parts[parts.length - 1]] = v;
      void only(() => decodeSafetensors(withHeader(copy), 'c.st'));
    }),
    { numRuns: 400 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (b) => void only(() => decodeSafetensors(b, 'c.st'))),
    { numRuns: 300 },
  );
});

test('IDX headers cut at any byte, and corrupt gzip, are one line (property)', () => {
  const idx = Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, ...new Array(2 * 784).fill(7)]);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: idx.length - 1 }), (cut) =>
      assert.equal(
        only(() => parseIdx(idx.subarray(0, cut), 'i')),
        'user-error',
      ),
    ),
    { numRuns: 100 },
  );
  const gz = gzipSync(idx);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: gz.length - 1 }), fc.integer({ min: 0, max: 255 }), (p, v) => {
      const bad = Buffer.from(gz);
      bad[p] = v;
      const f = join(dir, 'x.gz');
      writeFileSync(f, p % 2 ? bad : bad.subarray(0, p));
      only(() => parseIdx(readMaybeGz(f, 'IDX'), f));
    }),
    { numRuns: 200 },
  );
});

test('YAML alias bombs of any depth are refused in one line', () => {
  for (const depth of [3, 6, 9]) {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let d = 1; d <= depth; d++)
      lines.push(
        `a${d}: &a${d} [${Array(10)
          .fill(`*a${d - 1}`)
          .join(', ')}]`,
      );
    const r = only(() => parseConfigText(lines.join('\n'), 'bomb.yaml'));
    if (depth >= 3) assert.equal(r, 'user-error');
  }
});

test('every Object.prototype name is an unknown name to every registry and flag', async () => {
  const names = Object.getOwnPropertyNames(Object.prototype);
  for (const n of names) {
    assert.throws(() => getModel(n), /unknown model/, n);
    assert.throws(() => parseRuleChoice(n), /unknown rule/, n);
    assert.throws(() => getStashPolicy(n), /unknown stash/, n);
  }
  const err = process.stderr.write;
  for (const args of [
    ['compare', '--model', 'constructor', '--no-report'],
    ['compare', '--rules', 'bp,constructor', '--no-report'],
    ['compare', '--input', '__proto__', '--no-report'],
    ['sweep', '--set', '__proto__=1', '--no-report'],
    ['sweep', '--set', 'buffer.constructor=1', '--no-report'],
    ['dram', '--trace', 'none', '--format', 'dramsim3', '--set', '__proto__=1'],
    ['train', '--stash', 'constructor'],
    ['hasOwnProperty'],
  ]) {
    let stderr = '';
    process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(['node', 'asapsim', ...args]);
    } finally {
      process.stderr.write = err;
    }
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
    assert.doesNotMatch(stderr, /internal error/);
  }
});

test('sizes in bits are refused like KB; bytes, KiB and kB are accepted (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4096 }), fc.constantFrom('b', 'Kib', 'Mib', 'Gib', 'bits', 'KB', 'MB', 'GB'), (n, u) => {
      assert.throws(() => parseQuantity(`${n} ${u}`, 'bytes'), /bits|ambiguous/);
    }),
  );
  fc.assert(fc.property(fc.integer({ min: 1, max: 4096 }), (n) => assert.equal(parseQuantity(`${n} KiB`, 'bytes'), n * 1024)));
  assert.equal(parseQuantity('3 kB', 'bytes'), 3000);
});

test('a non-finite number anywhere in an output is refused, never written as null (property)', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(Infinity, -Infinity, NaN), fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }), (v, bad, path) => {
      const root: Record<string, unknown> = { v };
      let node = root;
      for (const k of path) node = (node[k + '_'] = {}) as Record<string, unknown>;
      node.x = bad;
      assert.throws(
        () => jsonText(root),
        (e: unknown) => e instanceof UserError && /JSON has no/.test(e.message),
      );
      assert.doesNotThrow(() => jsonText(v));
    }),
    { numRuns: 200 },
  );
});

test('a report sees the points in index order without wall-clock fields, whatever order the workers finished in (property)', () => {
  const point = (index: number, ms: number): PointLine =>
    ({
      type: 'point',
      sweep: 's',
      index,
      key: `k${index}`,
      point: { model: 'm', batch: 1, rule: 'bp', values: {} },
      archHash: 'h',
      result: { summary: { dramTotal: index } },
      ms,
    }) as unknown as PointLine;
  fc.assert(
    fc.property(
      fc.shuffledSubarray([...Array(12).keys()], { minLength: 12, maxLength: 12 }),
      fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
      (order, ms) => {
        const a = JSON.stringify(canonicalPoints(order.map((i) => point(i, ms[i]))));
        const b = JSON.stringify(canonicalPoints([...Array(12).keys()].map((i) => point(i, 0))));
        assert.equal(a, b);
      },
    ),
  );
});

test('PDF dates come from SOURCE_DATE_EPOCH, else the epoch; a bad value is one line', () => {
  assert.equal(buildDate(undefined).getTime(), 0);
  assert.equal(buildDate('1700000000').toISOString(), '2023-11-14T22:13:20.000Z');
  assert.throws(() => buildDate('yesterday'), /SOURCE_DATE_EPOCH/);
});
