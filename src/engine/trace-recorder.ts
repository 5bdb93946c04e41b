// Records the events the interpreter executed during one real training step and writes them as a
// trace (JSON Lines: header, then one event per line), with source 'tfjs:<backend>'. Because the
// interpreter executes the program's events, this equals the shape-only trace of the same configuration.
import { createRequire } from 'node:module';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';
import { TRACE_SCHEMA, TRACE_VERSION } from '../trace/schema.ts';
import { defaultDtypes, stashPolicies } from '../trace/stash.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import type { Network } from './network.ts';

const pkg = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

export function realTraceHeader(net: Network, backend: string): TraceHeader {
  const stash = stashPolicies[net.spec.stash ?? 'compact'];
  return {
    type: 'header',
    schema: TRACE_SCHEMA,
    version: TRACE_VERSION,
    model: net.spec.model,
    rule: net.rule.rule.name,
    k: net.rule.k,
    label: net.rule.label,
    batch: net.spec.batch,
    inputShape: net.spec.inputShape,
    classes: net.spec.classes,
    width: net.spec.width,
    stash,
    dtypes: defaultDtypes(stash),
    source: `tfjs:${backend}`,
    producer: { tool: pkg.name, version: pkg.version },
  };
}

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  readonly onEvent = (ev: TraceEvent): void => {
    this.events.push(ev);
  };

  write(path: string, header: TraceHeader): void {
    writeFileAtomic(path, [header, ...this.events].map((l) => JSON.stringify(l)).join('\n') + '\n');
  }
}
