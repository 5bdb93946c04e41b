// Streaming lowering: an op reads each operand once and writes each result once (perfect reuse inside the
// op). Traffic then depends only on what stays on chip between ops; the tiled lowering refines this.
import type { Access, Lowering } from './lowering.ts';
import type { TraceEvent } from '../../trace/schema.ts';

export const streaming: Lowering = {
  name: 'streaming',
  *lower(event: TraceEvent): Iterable<Access> {
    for (const t of event.reads) yield { tensor: t, offset: 0, bytes: t.bytes, write: false, path: 'buffer' };
    for (const t of event.writes) yield { tensor: t, offset: 0, bytes: t.bytes, write: true, path: 'buffer' };
  },
};
