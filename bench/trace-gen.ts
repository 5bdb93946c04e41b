// A synthetic trace of any length, streamed to a file and never held in memory. Each event reads the
// previous event's output and a persistent weight, writes its own output and frees the input it no longer
// needs, so the trace passes every check of the reader (seq order, bytes = shape × dtype, liveness) and its
// lines are the size of a real conv event's. Written in chunks with back-pressure.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { TRACE_SCHEMA, TRACE_VERSION, tensorBytes, type TraceEvent, type TraceHeader } from '../src/trace/schema.ts';
import { defaultDtypes } from '../src/trace/stash.ts';
import { stashPolicies } from '../src/trace/stash.ts';
import { TOOL, VERSION } from '../src/util/version.ts';

const shape = [8, 64, 16, 16];
const wShape = [64, 64, 3, 3];

export function syntheticHeader(): TraceHeader {
  return {
    type: 'header',
    schema: TRACE_SCHEMA,
    version: TRACE_VERSION,
    model: 'synthetic',
    rule: 'bp',
    k: 2,
    label: 'bp',
    batch: 8,
    inputShape: [64, 16, 16],
    classes: 10,
    width: 1,
    stash: stashPolicies.compact,
    dtypes: defaultDtypes(stashPolicies.compact),
    source: 'shape',
    producer: { tool: TOOL, version: VERSION },
  };
}

export function syntheticEvent(seq: number, count: number): TraceEvent {
  const act = (id: string) => ({ id, role: 'saved_activation' as const, shape, dtype: 'fp32' as const, bytes: tensorBytes(shape, 'fp32') });
  const input = seq === 0 ? 'input' : `a${seq - 1}`;
  const output = `a${seq}`;
  return {
    type: 'op',
    seq,
    op: 'conv2d',
    layer: `conv${seq % 17}`,
    phase: 'forward',
    dims: { N: 8, C: 64, K: 64, H: 16, W: 16, P: 16, Q: 16, R: 3, S: 3, stride: 1, padding: 1, macs: 8 * 64 * 64 * 16 * 16 * 9 },
    reads: [act(input), { id: `conv${seq % 17}.weight`, role: 'weight', shape: wShape, dtype: 'fp32', bytes: tensorBytes(wShape, 'fp32'), persistent: true }],
    writes: [act(output)],
    // The last event also frees its own output, so the step ends with nothing live.
    frees: seq === count - 1 ? [input, output] : [input],
  };
}

/** Writes a header and `count` events to `path`; returns the file's size in bytes. */
export async function writeSyntheticTrace(path: string, count: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const put = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await put(JSON.stringify(syntheticHeader()) + '\n');
  const batch = 4096;
  for (let i = 0; i < count; i += batch) {
    let chunk = '';
    for (let j = i; j < Math.min(count, i + batch); j++) chunk += JSON.stringify(syntheticEvent(j, count)) + '\n';
    await put(chunk);
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}
