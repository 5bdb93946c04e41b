// The residency policies, registered under the names arch configs use (buffer.replacement).
import type { ResidencyPolicyName } from '../../arch/vocabulary.ts';
import type { Buffer } from './buffer.ts';
import { LruBuffer } from './lru.ts';
import { NextUseBuffer } from './next-use.ts';
import { ScratchpadBuffer } from './scratchpad.ts';

export type { Buffer, BufferSink } from './buffer.ts';

/** The step's future as a buffer sees it: the op being replayed, and the next op (from it on, when inclusive) that uses a tensor (Infinity: none). */
export interface Future {
  now(): number;
  next(tensor: number, inclusive: boolean): number;
}

export type BufferFactory = (capacity: number, block: number, future: Future) => Buffer;

export const residencyPolicies: Record<ResidencyPolicyName, BufferFactory> = {
  lru: (capacity, block) => new LruBuffer(capacity, block),
  'next-use': (capacity, block, future) => new NextUseBuffer(capacity, block, future),
  scratchpad: (capacity, block) => new ScratchpadBuffer(capacity, block),
};

/** Whether a policy needs the step's future (the replay then scans the step's events first). */
export const needsFuture: Record<ResidencyPolicyName, boolean> = { lru: false, 'next-use': true, scratchpad: false };
