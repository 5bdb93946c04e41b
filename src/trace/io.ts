// Trace files: JSON Lines written atomically and read as a stream. The reader checks the header against
// the JSON Schema and every event for shape, order and byte counts, naming the line that is wrong.
import { existsSync, readFileSync } from 'node:fs';
import { jsonlText, readJsonl } from '../util/jsonl.ts';
import { own } from '../util/lookup.ts';
import { opNames, opTable, operandProblem } from './ops.ts';
import { TensorLiveness } from './liveness.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { nearest } from '../util/suggest.ts';
import type { Trace } from './schema.ts';
import type { TraceEvent, TraceHeader } from './schema.ts';
import { TRACE_VERSION, tensorBytes } from './schema.ts';
import { UserError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/atomic.ts';

// Compiled on the first trace read, not at import: commands that read no trace start without it.
function compileValidators() {
  const schema = JSON.parse(readFileSync(new URL('./trace.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
  ajv.addSchema(schema);
  return { header: ajv.getSchema(`${schema.$id}#/$defs/header`)!, event: ajv.getSchema(`${schema.$id}#/$defs/event`)! };
}
let validators: ReturnType<typeof compileValidators> | undefined;
const validateHeader = (record: unknown) => (validators ??= compileValidators()).header(record);
const validateEvent = (record: unknown) => (validators ??= compileValidators()).event(record);

export function formatTrace(trace: Trace): string {
  return jsonlText([trace.header, ...trace.events]);
}

export function writeTrace(path: string, trace: Trace): void {
  writeFileAtomic(path, formatTrace(trace));
}

/** "header.batch: must be >= 1", "event: unknown field "layr"; did you mean "layer"?" — the first schema error. */
function schemaMessage(kind: 'header' | 'event', errors: ReturnType<typeof compileValidators>['event']['errors']): string {
  // An unknown field explains the "missing" error of the field it misspells, so it is reported first.
  const e = errors?.find((x) => x.keyword === 'additionalProperties') ?? errors?.[0];
  if (!e) return `${kind}: invalid record`;
  const field = [kind, ...(e.instancePath ? e.instancePath.slice(1).split('/') : [])].join('.');
  const p = e.params as { allowedValues?: unknown[]; allowedValue?: unknown; additionalProperty?: string; missingProperty?: string };
  if (p.additionalProperty) {
    const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const guess = nearest(p.additionalProperty, known);
    const hint = guess ? `; did you mean "${guess}"?` : known.length ? `; expected one of ${known.join(', ')}` : '';
    return `${field}: unknown field "${p.additionalProperty}"${hint}`;
  }
  if (p.missingProperty) return `${field}: missing field "${p.missingProperty}"`;
  if (p.allowedValues) return `${field}: expected one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'const') return `${field}: expected ${JSON.stringify(p.allowedValue)}`;
  return `${field}: ${e.message}`;
}

function seqProblem(got: unknown, expected: number): string {
  if (got === expected - 1) return `seq: ${got} repeats the previous event's seq (a duplicated line)`;
  return `seq: expected ${expected}, got ${got} (events ${typeof got === 'number' && got < expected ? 'out of order' : 'missing or out of order'})`;
}

/**
 * Streams a trace: the header first, then events; throws a UserError naming file and line on bad input.
 * Checks, line by line: JSON, the header's schema and version, each event's schema, seq order, bytes =
 * shape × dtype, and tensor liveness (see liveness.ts); at the end, that the step is complete.
 */
export async function* readTrace(path: string): AsyncGenerator<TraceHeader | TraceEvent> {
  if (!existsSync(path)) throw new UserError(`${path}: trace file not found`);
  let expectSeq = 0;
  let lastLine = 0;
  let header: TraceHeader | undefined;
  const liveness = new TensorLiveness();
  for await (const { value: record, line: number } of readJsonl(path, { what: 'a trace record (a corrupt line)', torn: 'error' })) {
    lastLine = number;
    const at = `${path}:${number}`;
    if (!header) {
      const h = record as Partial<TraceHeader> | null;
      if (h === null || typeof h !== 'object' || h.type !== 'header')
        throw new UserError(`${at}: type: expected the trace header first (a record with "type": "header")`);
      if (h.version !== TRACE_VERSION)
        throw new UserError(`${at}: version: trace schema version ${JSON.stringify(h.version)} is not supported (this build reads version ${TRACE_VERSION})`);
      if (!validateHeader(record)) throw new UserError(`${at}: ${schemaMessage('header', validators!.header.errors)}`);
      header = record as TraceHeader;
      yield header;
      continue;
    }
    if (!validateEvent(record)) throw new UserError(`${at}: ${schemaMessage('event', validators!.event.errors)}`);
    const event = record as TraceEvent;
    if (event.seq !== expectSeq) throw new UserError(`${at}: ${seqProblem(event.seq, expectSeq)}`);
    if (!own(opTable, event.op)) {
      const guess = nearest(event.op, opNames);
      throw new UserError(`${at}: event.op: unknown op "${event.op}"; ${guess ? `did you mean "${guess}"?` : `expected one of ${opNames.join(', ')}`}`);
    }
    const operands = operandProblem(event.op, event.reads.length, event.writes.length);
    if (operands) throw new UserError(`${at}: event: ${operands}`);
    if (event.dims.N !== undefined && event.dims.N !== header.batch)
      throw new UserError(`${at}: event.dims.N: ${event.dims.N} disagrees with the header's batch ${header.batch}`);
    expectSeq++;
    for (const t of [...event.reads, ...event.writes]) {
      if (t.bytes !== tensorBytes(t.shape, t.dtype))
        throw new UserError(`${at}: tensor "${t.id}": bytes: ${t.bytes} does not match shape [${t.shape}] × ${t.dtype} = ${tensorBytes(t.shape, t.dtype)}`);
    }
    const problem = liveness.check(event);
    if (problem) throw new UserError(`${at}: ${problem}`);
    yield event;
  }
  if (!header) throw new UserError(`${path}: empty trace (no header line)`);
  const problem = liveness.end();
  if (problem) throw new UserError(`${path}:${lastLine}: ${problem}`);
}

export async function loadTrace(path: string): Promise<Trace> {
  let header: TraceHeader | undefined;
  const events: TraceEvent[] = [];
  for await (const r of readTrace(path)) {
    if (r.type === 'header') header = r;
    else events.push(r);
  }
  return { header: header!, events };
}
