// The residency policies, registered under the names arch configs use (buffer.replacement).
import type { ResidencyPolicyName } from '../../arch/vocabulary.ts';
import type { Buffer, Future } from './buffer.ts';
import { LruBuffer } from './lru.ts';
import { NextUseBuffer } from './next-use.ts';
import { ScratchpadBuffer } from './scratchpad.ts';

export type { Buffer, BufferSink, Future } from './buffer.ts';

export type BufferFactory = (capacity: number, block: number, future: Future) => Buffer;

export const residencyPolicies: Record<ResidencyPolicyName, BufferFactory> = {
  lru: (capacity, block) => new LruBuffer(capacity, block),
  'next-use': (capacity, block, future) => new NextUseBuffer(capacity, block, future),
  scratchpad: (capacity, block) => new ScratchpadBuffer(capacity, block),
};

/** Whether a policy needs the step's future (the replay then scans the step's events first). */
export const needsFuture: Record<ResidencyPolicyName, boolean> = { lru: false, 'next-use': true, scratchpad: false };
