// Records the events the interpreter executed during one real training step and writes them as a
// trace (JSON Lines: header, then one event per line), with source 'tfjs:<backend>'. Because the
// interpreter executes the program's events, this equals the shape-only trace of the same configuration.
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';
import { traceHeader } from '../net/shape-trace.ts';
import { stashPolicies } from '../trace/stash.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { jsonlText } from '../util/jsonl.ts';
import type { Network } from './network.ts';

export function realTraceHeader(net: Network, backend: string): TraceHeader {
  const { model, batch, inputShape, classes, width, stash } = net.spec;
  return traceHeader({ model, rule: net.rule, batch, inputShape, classes, width, stash: stashPolicies[stash ?? 'compact'] }, `tfjs:${backend}`);
}

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  readonly onEvent = (ev: TraceEvent): void => {
    this.events.push(ev);
  };

  write(path: string, header: TraceHeader): void {
    // the line format of trace/io.ts's formatTrace, without loading its schema validator
    writeFileAtomic(path, jsonlText([header, ...this.events]));
  }
}
