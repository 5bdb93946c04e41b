// Every class of bad input the hardening work tried: the files a case needs, the command line, and what the
// one-line answer must say (the docs table in docs/errors.md prints the exact message each produces).
import { readFileSync } from 'node:fs';
import { formatTrace } from '../src/trace/io.ts';
import { shapeTrace } from '../src/net/shape-trace.ts';
import { parseRuleChoice } from '../src/net/rules/index.ts';
import { stashPolicies } from '../src/trace/stash.ts';

export interface BadInput {
  area: 'arch config' | 'sweep file' | 'trace' | 'flags' | 'other inputs';
  what: string;
  /** Files written into an empty working directory before the command runs. */
  files?: Record<string, string>;
  args: string[];
  exit: 1 | 2;
  /** What the message must contain (file, line, key, expectation). */
  expect: RegExp;
}

const edge = readFileSync(new URL('../arch-configs/edge.yaml', import.meta.url), 'utf8');
const trace = formatTrace(
  shapeTrace({ model: 'convnet', rule: parseRuleChoice('bp'), batch: 2, inputShape: [1, 28, 28], classes: 10, width: 0.25, stash: stashPolicies.compact }),
);
const lines = trace.trimEnd().split('\n');

function edit(from: string, to: string): string {
  if (!edge.includes(from)) throw new Error(`edge.yaml no longer holds "${from}"`);
  return edge.replace(from, to);
}
const arch = (what: string, text: string, expect: RegExp): BadInput => ({
  area: 'arch config',
  what,
  files: { 'bad.yaml': text },
  args: ['compare', '--arch', 'bad.yaml', '--no-report'],
  exit: 2,
  expect,
});
const override = (line: string) => edit('    mapping: RoCoBaRaCh\n', `    mapping: RoCoBaRaCh\n    ${line}\n`);
const sweep = (what: string, text: string, expect: RegExp): BadInput => ({
  area: 'sweep file',
  what,
  files: { 'sweep.yaml': text },
  args: ['sweep', 'sweep.yaml', '--no-report'],
  exit: 2,
  expect,
});
const traceCase = (what: string, text: string, expect: RegExp): BadInput => ({
  area: 'trace',
  what,
  files: { 't.jsonl': text },
  args: ['simulate', '--trace', 't.jsonl'],
  exit: 2,
  expect,
});
const flag = (what: string, args: string[], expect: RegExp): BadInput => ({ area: 'flags', what, args, exit: 2, expect });

export const badInputs: BadInput[] = [
  arch('unknown key', edit('capacity: 512 KiB', 'capacty: 512 KiB'), /bad\.yaml:\d+: buffer\.capacty: unknown key; did you mean "capacity"\?/),
  arch(
    'unknown nested key',
    edit('macs_per_cycle: 1024', 'macs_per_cyle: 1024'),
    /bad\.yaml:\d+: compute\.macs_per_cyle: unknown key; did you mean "macs_per_cycle"/,
  ),
  arch('unknown top-level key', `${edge}\nresidence:\n  pin: []\n`, /bad\.yaml:\d+: residence: unknown key; did you mean "residency"/),
  arch(
    'unknown key in a keyed map',
    `${edge}\ndtypes:\n  saved_activaton: bf16\n`,
    /bad\.yaml:\d+: dtypes\.saved_activaton: unknown key; did you mean "saved_activation"/,
  ),
  arch('unknown DRAM override key', override('tCLL: 20'), /bad\.yaml:\d+: dram\.overrides\.tCLL: .*did you mean "tCL"/),
  arch('DRAM override out of range', override('rows: 1000'), /bad\.yaml:\d+: dram\.overrides\.rows: expected a power of two/),
  arch('unknown scheduler', override('scheduler: fifo'), /bad\.yaml:\d+: dram\.overrides\.scheduler: "fifo": expected one of fr-fcfs, fcfs/),
  arch('unknown address mapping', edit('mapping: RoCoBaRaCh', 'mapping: RoCoBaRaXX'), /bad\.yaml:\d+: dram\.overrides\.mapping: "RoCoBaRaXX": expected/),
  arch(
    'device wider than the bus',
    override('deviceWidth: 128'),
    /bad\.yaml:\d+: dram\.overrides\.deviceWidth: expected a power of two no wider than busWidth/,
  ),
  arch('clock changed without the data rate', override('tCK_ns: 0.5'), /bad\.yaml:\d+: dram\.overrides: dataRate: .* give 32\.0 GB\/s/),
  arch(
    'capacity vs organisation',
    edit('  preset: LPDDR4-3200\n', '  preset: LPDDR4-3200\n  capacity: 4 GiB\n'),
    /bad\.yaml:\d+: dram\.capacity: 4 GiB does not match the organisation of LPDDR4-3200: .* = 2 GiB/,
  ),
  arch(
    'channels vs bandwidth',
    override('channels: 2'),
    /bad\.yaml:\d+: dram\.bandwidth: 25\.6 GB\/s does not match the peak of LPDDR4-3200 with its overrides \(12\.8 GB\/s\)/,
  ),
  arch('bandwidth vs preset peak', edit('bandwidth: 25.6 GB/s', 'bandwidth: 51.2 GB/s'), /dram\.bandwidth: 51\.2 GB\/s does not match the peak/),
  arch(
    'unknown DRAM preset',
    edit('preset: LPDDR4-3200', 'preset: LPDDR4-3300'),
    /bad\.yaml:\d+: dram\.preset: unknown preset "LPDDR4-3300"; did you mean "LPDDR4-3200"/,
  ),
  arch('frequency where a size is expected', edit('capacity: 512 KiB', 'capacity: 3 GHz'), /bad\.yaml:\d+: buffer\.capacity: "3 GHz" is not a size/),
  arch('size where a frequency is expected', edit('clock: 1 GHz', 'clock: 512 KiB'), /bad\.yaml:\d+: compute\.clock: "512 KiB" is not a frequency/),
  arch('time where an energy is expected', edit('energy_per_bit: 4 pJ', 'energy_per_bit: 4 ps'), /dram\.energy_per_bit: "4 ps" is not an energy/),
  arch('ambiguous size unit (KB)', edit('capacity: 512 KiB', 'capacity: 512 KB'), /buffer\.capacity: "512 KB" is ambiguous for a size: write "512 KiB"/),
  arch(
    'size in bits (lower-case b)',
    edit('capacity: 512 KiB', 'capacity: 512 Kib'),
    /bad\.yaml:\d+: buffer\.capacity: "512 Kib" is in bits; a size is in bytes/,
  ),
  arch('buffer above the stated limit', edit('capacity: 512 KiB', 'capacity: 256 GiB'), /bad\.yaml:\d+: buffer\.capacity: expected at most 4 GiB/),
  arch('1-byte blocks', edit('block: 1 KiB', 'block: 1 B'), /bad\.yaml:\d+: buffer\.block: expected at least 16 B/),
  arch('block larger than the buffer', edit('block: 1 KiB', 'block: 1 MiB'), /bad\.yaml:\d+: buffer\.block: must not exceed buffer\.capacity/),
  arch(
    'YAML alias bomb',
    `${edge}\n${['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n')}\n`,
    /bad\.yaml: not a plain YAML\/JSON document: .*aliases/,
  ),
  {
    area: 'arch config',
    what: 'a device instead of a file (/dev/zero)',
    args: ['compare', '--arch', '/dev/zero', '--no-report'],
    exit: 2,
    expect: /\/dev\/zero: arch config (larger than 1 MiB|holds NUL bytes)/,
  },
  arch('bare number without a unit', edit('capacity: 512 KiB', 'capacity: 524288'), /buffer\.capacity: expected a size with a unit/),
  arch('not a quantity', edit('capacity: 512 KiB', 'capacity: 512 KiBB'), /buffer\.capacity: "512 KiBB" is not a quantity/),
  arch('negative quantity', edit('latency: 100 ns', 'latency: -1 ns'), /dram\.latency: must be zero or more/),
  arch('out of range number', edit('efficiency: 0.94', 'efficiency: 2'), /bad\.yaml:\d+: dram\.efficiency: expected a number <= 1, got 2/),
  arch('zero count', edit('banks: 8', 'banks: 0'), /buffer\.banks: expected a number > 0, got 0/),
  arch('fraction where a count is expected', edit('banks: 8', 'banks: 2.5'), /buffer\.banks: expected a whole number, got 2\.5/),
  arch('string where a number is expected', edit('banks: 8', 'banks: eight'), /buffer\.banks: expected a number, got "eight"/),
  arch(
    'misspelt choice',
    edit('dataflow: search', 'dataflow: weight-stationery'),
    /bad\.yaml:\d+: dataflow: expected one of .*, got "weight-stationery"; did you mean "weight-stationary"/,
  ),
  arch(
    'pinned capacity above the buffer',
    edit('fuse_adjacent: true', 'fuse_adjacent: true\n  pin_capacity: 1 MiB'),
    /residency\.pin_capacity: must not exceed buffer\.capacity/,
  ),
  arch('missing required key', edit('  capacity: 512 KiB\n', ''), /bad\.yaml:\d+: buffer\.capacity: missing \(required\)/),
  arch('duplicated key', edit('banks: 8', 'banks: 8\n  banks: 4'), /bad\.yaml:\d+: not valid YAML\/JSON: Map keys must be unique/),
  arch('YAML syntax error', edit('banks: 8', 'banks: [8'), /bad\.yaml:\d+: not valid YAML\/JSON/),
  arch('not a mapping', '- a\n- b\n', /bad\.yaml: expected a mapping of keys/),
  {
    area: 'arch config',
    what: 'file not found',
    args: ['compare', '--arch', 'nope.yaml', '--no-report'],
    exit: 2,
    expect: /nope\.yaml: arch config not found/,
  },
  sweep('unknown key', 'modles: [convnet]\n', /sweep\.yaml:1: modles: unknown key; did you mean "models"/),
  sweep(
    'unknown swept arch key',
    'grid:\n  buffer.capcity: [1 MiB]\n',
    /sweep\.yaml:2: buffer\.capcity: unknown arch config key; did you mean "buffer\.capacity"/,
  ),
  sweep('unknown swept DRAM override', 'grid:\n  dram.overrides.tCLL: [20]\n', /sweep\.yaml:2: dram\.overrides\.tCLL: .*did you mean "tCL"/),
  sweep('wrong unit kind in a swept value', 'grid:\n  buffer.capacity: [3 GHz]\n', /sweep\.yaml:2: buffer\.capacity: "3 GHz" is not a size/),
  sweep(
    'range upside down',
    'grid:\n  buffer.capacity: 64 KiB..1 KiB\n',
    /sweep\.yaml:2: buffer\.capacity: range "64 KiB\.\.1 KiB": the high end is below the low end/,
  ),
  sweep('a section swept as a value', 'grid:\n  buffer: [1]\n', /sweep\.yaml:2: buffer is a section/),
  sweep('out of range batch', 'batch: [0]\n', /sweep\.yaml:1: batch\.0: expected a number > 0, got 0/),
  sweep('unknown rule', 'rules: [bp, asap:3]\n', /sweep\.yaml:1: rules\.1: expected a rule/),
  sweep('unknown model', 'models: resnet19\n', /sweep\.yaml:1: models: expected a model/),
  sweep('misspelt mode', 'mode: cylce\n', /sweep\.yaml:1: mode: expected one of "analytic", "cycle", got "cylce"; did you mean "cycle"/),
  traceCase('torn last line (no newline)', trace.slice(0, trace.length - 30), /t\.jsonl:\d+: truncated: the last line is incomplete/),
  traceCase('corrupt line', [lines[0], lines[1].slice(0, 40) + '}', ...lines.slice(2)].join('\n') + '\n', /t\.jsonl:2: not valid JSON/),
  traceCase(
    'unknown op name',
    [lines[0], lines[1].replace('"op":"conv2d"', '"op":"conv3d"'), ...lines.slice(2)].join('\n') + '\n',
    /t\.jsonl:2: event\.op: unknown op "conv3d"; did you mean "conv2d"\?/,
  ),
  traceCase(
    'event valid by schema but missing its operands',
    [lines[0], lines[1].replace(/"writes":\[.*?\],"frees"/, '"writes":[],"frees"'), ...lines.slice(2)].join('\n') + '\n',
    /t\.jsonl:2: event: conv2d takes reads \[x, weight, bias\?\] and writes \[y\] \('\?': optional\), got \d+ reads and 0 writes/,
  ),
  traceCase(
    'header batch disagreeing with the events',
    [lines[0].replace('"batch":2', '"batch":3'), ...lines.slice(1)].join('\n') + '\n',
    /t\.jsonl:2: event\.dims\.N: 2 disagrees with the header's batch 3/,
  ),
  traceCase('header only', lines[0] + '\n', /t\.jsonl:1: no events after the header/),
  traceCase('cut at a line boundary', lines.slice(0, -3).join('\n') + '\n', /t\.jsonl:\d+: ends with \d+ tensor\(s\) never freed .*cut short/),
  traceCase('empty file', '', /t\.jsonl: empty trace \(no header line\)/),
  traceCase('no header', lines.slice(1).join('\n') + '\n', /t\.jsonl:1: type: expected the trace header first/),
  traceCase('version mismatch', trace.replace('"version":1', '"version":2'), /t\.jsonl:1: version: trace schema version 2 is not supported/),
  traceCase('unknown header field', trace.replace('"batch":', '"bach":3,"batch":'), /t\.jsonl:1: header: unknown field "bach"; did you mean "batch"/),
  traceCase('out of range header value', trace.replace(/"batch":\d+/, '"batch":0'), /t\.jsonl:1: header\.batch: must be >= 1/),
  traceCase('duplicated event', [lines[0], lines[1], ...lines.slice(1)].join('\n') + '\n', /t\.jsonl:3: seq: 0 repeats the previous event's seq/),
  traceCase('events out of order', [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n') + '\n', /t\.jsonl:2: seq: expected 0, got 1/),
  traceCase('unknown event field', trace.replace('"layer":', '"layr":'), /t\.jsonl:2: event: unknown field "layr"; did you mean "layer"/),
  traceCase(
    'bytes do not match shape × dtype',
    trace.replace(/"bytes":(\d+)/, (_, n: string) => `"bytes":${Number(n) + 1}`),
    /t\.jsonl:2: tensor "input": bytes: \d+ does not match shape/,
  ),
  traceCase(
    'reads a tensor never written',
    trace.replace(/"reads":\[\{"id":"[^"]+"/, '"reads":[{"id":"ghost"'),
    /t\.jsonl:2: reads: tensor "ghost" is read but no earlier event writes it/,
  ),
  { area: 'trace', what: 'file not found', args: ['simulate', '--trace', 'nope.jsonl'], exit: 2, expect: /nope\.jsonl: trace file not found/ },
  flag('batch 0', ['compare', '--batch', '0', '--no-report'], /--batch expects a positive integer, got "0"/),
  flag('batch not a number', ['trace', '--batch', 'x', '-o', 't.jsonl'], /--batch expects a positive integer, got "x"/),
  flag('negative width', ['compare', '--width', '-1', '--no-report'], /--width expects a positive number, got "-1"/),
  flag('unknown chart format', ['compare', '--chart-format', 'pdfx'], /unknown format "pdfx": expected some of svg, png, pdf/),
  flag(
    'chart format under the DRAM flag name',
    ['compare', '--format', 'pdf'],
    /--format names a DRAM trace format \(asapsim dram\); chart files are --chart-format/,
  ),
  flag('unknown rule', ['compare', '--rules', 'bp,asap:3'], /rule "asap:3": k must be 2 or 4/),
  flag('unknown model', ['compare', '--model', 'resnet19'], /unknown model "resnet19": expected one of/),
  flag('unknown input', ['trace', '--input', 'cifar11', '-o', 't.jsonl'], /unknown input "cifar11"/),
  flag('unknown DRAM mode', ['compare', '--mode', 'cyc', '--no-report'], /--mode: expected analytic or cycle, got "cyc"/),
  flag('unknown chart preset', ['compare', '--chart-preset', 'poster', '--no-report'], /--chart-preset: expected one of screen, single, double, got "poster"/),
  flag(
    'chart preset under the DRAM flag name',
    ['compare', '--preset', 'single'],
    /--preset names a DRAM preset \(asapsim dram\); the chart preset is --chart-preset/,
  ),
  flag(
    'compare --set with a grid',
    ['compare', '--set', 'buffer.capacity=1 MiB..4 MiB', '--no-report'],
    /--set buffer\.capacity: takes one value here \(3 given\)/,
  ),
  flag('unknown chart name', ['compare', '--charts', 'pie', '--no-report'], /--charts: unknown chart "pie": expected some of traffic-by-role/),
  flag('unknown option', ['compare', '--bogus'], /unknown option '--bogus'/),
  flag('unknown command', ['comapre'], /unknown command 'comapre'/),
  flag('missing required option', ['trace'], /required option '-o, --out <file>' not specified/),
  flag('unknown element type', ['trace', '--dtype', 'fp8', '-o', 't.jsonl'], /--dtype: expected one of fp32, bf16, fp16, int8, got "fp8"/),
  flag('unknown stash policy', ['trace', '--stash', 'all', '-o', 't.jsonl'], /--stash: unknown stash policy "all"/),
  flag('shard index past the count', ['sweep', '--shard', '3/2'], /--shard: expected i\/n with 0 <= i < n .*got "3\/2"/),
  flag('shard not i/n', ['sweep', '--shard', 'half'], /--shard: expected i\/n/),
  flag('sweep batch 0', ['sweep', '--batch', '64,0'], /--batch expects a positive integer, got "0"/),
  flag('sweep unknown model', ['sweep', '--models', 'resnet19'], /--models: unknown model "resnet19"/),
  flag('sweep jobs 0', ['sweep', '--jobs', '0'], /--jobs expects a positive integer, got "0"/),
  flag('sweep --set without =', ['sweep', '--set', 'buffer.capacity'], /--set "buffer\.capacity": expected KEY=VALUES/),
  flag(
    'sweep --set unknown key',
    ['sweep', '--set', 'buffer.capcity=1 MiB'],
    /--set: buffer\.capcity: unknown arch config key; did you mean "buffer\.capacity"/,
  ),
  flag('sweep --set wrong unit kind', ['sweep', '--set', 'buffer.capacity=3 GHz'], /--set: buffer\.capacity: "3 GHz" is not a size/),
  flag('sweep bad name', ['sweep', '--name', 'a/b'], /--name: expected a name of letters, digits/),
  flag('dram unknown preset', ['dram', '--trace', 'r.trace', '--format', 'dramsim3', '--preset', 'DDR5'], /--preset: DDR5: one of /),
  flag(
    'dram unknown --set key',
    ['dram', '--trace', 'r.trace', '--format', 'dramsim3', '--set', 'tRCDD=3'],
    /--set: tRCDD: a known parameter \(did you mean "tRCD"\?\)/,
  ),
  flag('dram unknown trace format', ['dram', '--trace', 'r.trace', '--format', 'gem5'], /--format: gem5: one of dramsim3, ramulator, ramulator2/),
  flag('simulate unknown export format', ['simulate', '--trace', 't.jsonl', '--export-dram-trace', 'o.txt', '--format', 'gem5'], /--format: gem5: one of/),
  flag('train epochs 0', ['train', '--epochs', '0'], /--epochs expects a positive integer, got "0"/),
  flag('train unknown backend', ['train', '--backend', 'gpu'], /--backend: expected auto, node, wasm or cpu, got "gpu"/),
  flag('misspelt option', ['train', '--dataset', 'mnist'], /unknown option '--dataset'; did you mean --data\?/),
  flag('--name escaping its folder', ['compare', '--model', 'convnet', '--name', '..', '--force'], /--name: expected a name of letters, digits/),
  flag('--name empty', ['compare', '--model', 'convnet', '--name', '', '--force'], /--name: expected a name of letters, digits/),
  flag('a model named after Object.prototype', ['compare', '--model', 'constructor', '--no-report'], /unknown model "constructor"/),
  flag('a rule named after Object.prototype', ['compare', '--rules', 'bp,constructor', '--no-report'], /unknown rule "constructor"/),
  flag('--set __proto__', ['sweep', '--set', '__proto__=1', '--no-report'], /__proto__: unknown arch config key/),
  flag('channel width beyond the stated limit', ['trace', '--width', '1e308', '-o', 't.jsonl'], /--width expects a multiplier of at most 64/),
  flag('merge without -o', ['merge', 'a.jsonl'], /merge: -o\/--output <file> is required/),
  flag('report from nowhere', ['report', '--from', 'nope'], /nope: not found \(expected a report directory/),
  {
    area: 'other inputs',
    what: 'existing output file without --force',
    files: { 't.jsonl': 'x\n' },
    args: ['trace', '--model', 'convnet', '-o', 't.jsonl'],
    exit: 2,
    expect: /t\.jsonl: file exists; pass --force to overwrite it/,
  },
  {
    area: 'other inputs',
    what: 'existing report directory without --force',
    files: { 'reports/r/summary.json': '{}\n' },
    args: ['compare', '--model', 'convnet', '--name', 'r'],
    exit: 2,
    expect: /reports\/r: report directory exists; pass --force/,
  },
  {
    area: 'other inputs',
    what: 'output path under a file (a write that fails)',
    files: { out: 'a file\n' },
    args: ['trace', '--model', 'convnet', '-o', 'out/t.jsonl'],
    exit: 1,
    expect: /^asapsim: out: E[A-Z]+: [^\n]+ \(mkdir\)$/,
  },
  {
    area: 'other inputs',
    what: 'metrics file not JSON',
    files: { 'm.jsonl': '{"type":"run"\n' },
    args: ['compare', '--metrics', 'm.jsonl', '--no-report'],
    exit: 2,
    expect: /m\.jsonl:1: not valid JSON/,
  },
  {
    area: 'other inputs',
    what: 'sweep results of the wrong shape',
    files: { 'p.jsonl': '{"type":"sweep"}\nnot json\n{}\n' },
    args: ['merge', 'p.jsonl', '-o', 'm.jsonl'],
    exit: 2,
    expect: /p\.jsonl:1: sweep header: sweep: missing/,
  },
  {
    area: 'other inputs',
    what: '--force over a directory asapsim did not write',
    files: { 'reports/home/thesis.tex': 'years of work\n' },
    args: ['compare', '--model', 'convnet', '--input', 'mnist', '--batch', '2', '--width', '0.25', '--name', 'home', '--force'],
    exit: 2,
    expect: /reports\/home: holds files asapsim did not write .*even with --force/,
  },
  {
    area: 'other inputs',
    what: 'sweep over an existing compare report without --force',
    files: { 'reports/r/results.json': '{"kind":"compare"}\n', 'reports/r/index.html': 'x\n' },
    args: ['sweep', '--models', 'convnet', '--input', 'mnist', '--batch', '2', '--width', '0.25', '--rules', 'bp', '--name', 'r'],
    exit: 2,
    expect: /reports\/r: holds a compare report .*pass --force/,
  },
  {
    area: 'other inputs',
    what: 'report --out naming the sweep it reads',
    files: { 's/points.jsonl': '' },
    args: ['report', '--from', 's', '--out', 's', '--force'],
    exit: 2,
    expect: /--out: s would replace s, the results this report reads/,
  },
  {
    area: 'other inputs',
    what: 'another run (on another host of a shared filesystem) holds the output',
    files: { '.t.jsonl.asapsim-lock': 'cluster_node_7 4242 0123456789abcdef\n' },
    args: ['trace', '--model', 'convnet', '-o', 't.jsonl'],
    exit: 1,
    expect: /t\.jsonl: being written by another asapsim run \(pid 4242 on host cluster_node_7\)/,
  },
  {
    area: 'other inputs',
    what: 'DRAM request trace with an address beyond the device',
    files: { 'r.trace': '0x40 READ 0\n0xFFFFFFFFFF READ 5\n' },
    args: ['dram', '--trace', 'r.trace', '--format', 'dramsim3'],
    exit: 2,
    expect: /r\.trace: line 2: an address below the device's capacity/,
  },
  {
    area: 'other inputs',
    what: 'DRAM request trace with time going backwards',
    files: { 'r.trace': '0x40 READ 10\n0x80 READ 5\n' },
    args: ['dram', '--trace', 'r.trace', '--format', 'dramsim3'],
    exit: 2,
    expect: /r\.trace: line 2: arrival times in order: cycle 5 comes after cycle 10/,
  },
  {
    area: 'other inputs',
    what: 'DRAM request trace with a bad line',
    files: { 'r.trace': '0x40 READ 0\nbogus line\n' },
    args: ['dram', '--trace', 'r.trace', '--format', 'dramsim3'],
    exit: 2,
    expect: /r\.trace: line 2: /,
  },
];
