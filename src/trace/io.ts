// Trace files: JSON Lines written atomically and read as a stream. The reader checks the header against
// the JSON Schema and every event for shape, order and byte counts, naming the line that is wrong.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Trace } from './shape-executor.ts';
import type { TraceEvent, TraceHeader } from './schema.ts';
import { TRACE_VERSION, tensorBytes } from './schema.ts';
import { UserError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/atomic.ts';

const schema = JSON.parse(readFileSync(new URL('./trace.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: false, strict: false });
ajv.addSchema(schema);
const validateHeader = ajv.getSchema(`${schema.$id}#/$defs/header`)!;
const validateEvent = ajv.getSchema(`${schema.$id}#/$defs/event`)!;

export function formatTrace(trace: Trace): string {
  return [trace.header, ...trace.events].map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export function writeTrace(path: string, trace: Trace): void {
  writeFileAtomic(path, formatTrace(trace));
}

function schemaMessage(errors: typeof validateEvent.errors): string {
  const e = errors?.[0];
  if (!e) return 'invalid record';
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'record';
  const allowed = (e.params as { allowedValues?: unknown[]; additionalProperty?: string }).allowedValues;
  const extra = (e.params as { additionalProperty?: string }).additionalProperty;
  if (extra) return `${where}: unknown field "${extra}"`;
  return `${where}: ${e.message}${allowed ? ` (${allowed.join(', ')})` : ''}`;
}

/** Streams a trace: the header first, then events; throws UserError naming file and line on bad input. */
export async function* readTrace(path: string): AsyncGenerator<TraceHeader | TraceEvent> {
  if (!existsSync(path)) throw new UserError(`${path}: trace file not found`);
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let expectSeq = 0;
  let header: TraceHeader | undefined;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new UserError(`${path}:${lineNo}: not valid JSON (truncated or corrupt line)`);
    }
    if (!header) {
      const h = record as Partial<TraceHeader>;
      if (h?.type !== 'header') throw new UserError(`${path}:${lineNo}: expected the trace header first (type "header")`);
      if (h.version !== TRACE_VERSION) throw new UserError(`${path}:${lineNo}: version: trace schema version ${JSON.stringify(h.version)} is not supported (this build reads version ${TRACE_VERSION})`);
      if (!validateHeader(record)) throw new UserError(`${path}:${lineNo}: header ${schemaMessage(validateHeader.errors)}`);
      header = record as TraceHeader;
      yield header;
      continue;
    }
    if (!validateEvent(record)) throw new UserError(`${path}:${lineNo}: event ${schemaMessage(validateEvent.errors)}`);
    const event = record as TraceEvent;
    if (event.seq !== expectSeq) throw new UserError(`${path}:${lineNo}: seq: expected ${expectSeq}, got ${event.seq} (events out of order or missing)`);
    expectSeq++;
    for (const t of [...event.reads, ...event.writes]) {
      if (t.bytes !== tensorBytes(t.shape, t.dtype)) throw new UserError(`${path}:${lineNo}: tensor ${t.id}: bytes ${t.bytes} do not match shape [${t.shape}] × ${t.dtype} (${tensorBytes(t.shape, t.dtype)})`);
    }
    yield event;
  }
  if (!header) throw new UserError(`${path}: empty trace (no header line)`);
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
