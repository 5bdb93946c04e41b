// The accelerator configuration: its YAML/JSON shape (validated by zod, quantities by mathjs) and the
// resolved form the simulator takes, every quantity in its base unit (B, Hz, B/s, s, J).
import { z } from 'zod';
import { parseQuantity, type QuantityKind } from './quantity.ts';
import { elementTypes, tensorRoles } from '../trace/schema.ts';
import { DRAM_MODES } from '../dram/dram.ts';
import { dataflowNames, extraPassNames, residencyPolicyNames } from './vocabulary.ts';
import { stashPolicyNames } from '../trace/stash.ts';
import { MAX_BUFFER_BLOCKS, MAX_BUFFER_BYTES, MIN_BLOCK_BYTES } from '../util/limits.ts';

function quantity(kind: QuantityKind, min: 'positive' | 'nonnegative') {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    try {
      const n = parseQuantity(value, kind);
      if (min === 'positive' ? n <= 0 : n < 0) {
        ctx.addIssue({ code: 'custom', message: `must be ${min === 'positive' ? 'greater than zero' : 'zero or more'}, got "${value}"` });
        return z.NEVER;
      }
      return n;
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });
}

const count = z.number().int().positive();

export const archSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    compute: z.strictObject({
      /** Peak multiply-accumulates per cycle of the PE array. */
      macs_per_cycle: count,
      clock: quantity('frequency', 'positive'),
      /** Element-wise operations per cycle (BN, ReLU, pooling, SGD) of the vector unit. */
      vector_ops_per_cycle: count.default(256),
      mac_energy: quantity('energy', 'nonnegative').default(0),
      vector_op_energy: quantity('energy', 'nonnegative').default(0),
    }),
    buffer: z.strictObject({
      capacity: quantity('bytes', 'nonnegative'),
      /** Residency granularity: the buffer keeps or evicts whole blocks (LRU), tensors are block-aligned. */
      block: quantity('bytes', 'positive').default(1024),
      banks: count.default(8),
      bandwidth: quantity('bandwidth', 'positive'),
      read_energy_per_byte: quantity('energy', 'nonnegative').default(0),
      write_energy_per_byte: quantity('energy', 'nonnegative').default(0),
      /** Residency policy (src/sim/buffer/): lru, next-use (Belady over the step's op order) or scratchpad (whole tensors by liveness). */
      replacement: z.enum(residencyPolicyNames).default('lru'),
    }),
    /** Optional separate buffer for weights, B, weight gradients and optimizer state; the global buffer then holds the rest. */
    weight_buffer: z
      .strictObject({
        capacity: quantity('bytes', 'nonnegative'),
        block: quantity('bytes', 'positive').default(1024),
        bandwidth: quantity('bandwidth', 'positive'),
        read_energy_per_byte: quantity('energy', 'nonnegative').default(0),
        write_energy_per_byte: quantity('energy', 'nonnegative').default(0),
      })
      .optional(),
    dram: z.strictObject({
      /** analytic: peak bandwidth and a fixed latency; cycle: the cycle-level JEDEC model of the preset. */
      model: z.enum(DRAM_MODES).default('analytic'),
      /** A DRAM preset (asapsim presets); exactly one of preset and config. */
      preset: z.string().min(1).optional(),
      /** A DRAMSim3 .ini or Ramulator 2 YAML (path relative to this file) whose spec is used instead of a preset. */
      config: z.string().min(1).optional(),
      bandwidth: quantity('bandwidth', 'positive'),
      latency: quantity('time', 'nonnegative').default(0),
      /** Analytic mode: the fraction of peak bandwidth a long tensor stream sustains (refresh, bank turns). */
      efficiency: z.number().gt(0).lte(1).default(1),
      energy_per_bit: quantity('energy', 'nonnegative').default(0),
      /** Cycle mode: an op's DRAM transfers above this size are simulated as a proportional sample (0 = all). */
      sample_limit: quantity('bytes', 'nonnegative').default(4 * 1024 * 1024),
      /** Optional total capacity; when given it must equal the preset's organisation (channels × ranks × banks × rows × row bytes). */
      capacity: quantity('bytes', 'positive').optional(),
      /** Overrides of the preset's (or the imported config's) parameters for the cycle model (e.g. tCL: 17). */
      overrides: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
    }),
    /** Which operand of a matrix op stays in the buffer while the others stream (see src/sim/dataflow/). */
    /** Which operand of a matrix op stays: 'search' lets the mapper choose (lowering: mapped); tiled takes weight-stationary for it. */
    dataflow: z.enum(['search', ...dataflowNames]).default('search'),
    /** mapped: each matrix op mapped by the mapper (src/sim/mapper); tiled: the fixed half-buffer tiling of the dataflow; streaming: every operand once (ideal reuse inside an op). */
    lowering: z.enum(['mapped', 'tiled', 'streaming']).default('mapped'),
    /** What stays on chip between ops. */
    residency: z
      .strictObject({
        /** A tensor read only by the very next op never enters the buffer (tile-pipelined producer→consumer fusion). */
        fuse_adjacent: z.boolean().default(false),
        /** Roles kept on chip while they fit in pin_capacity (e.g. saved activations); the rest of the buffer is LRU. */
        pin: z.array(z.enum(tensorRoles)).default([]),
        pin_capacity: quantity('bytes', 'nonnegative').default(0),
        /** Roles that never allocate in the buffer: every access goes to DRAM. */
        bypass: z.array(z.enum(tensorRoles)).default([]),
      })
      .default({ fuse_adjacent: false, pin: [], pin_capacity: 0, bypass: [] }),
    // --- op-level memory model (src/sim/forward.ts, docs/simulator.md "Fusion") ---
    fusion: z
      .strictObject({
        /** A forwarded tensor's consumer passes after the first: spill (producer writes it once, passes re-read it) or recompute (producer runs again). */
        extra_passes: z.enum(extraPassNames).default('spill'),
        /** epilogue: the producing conv accumulates BN statistics as it writes, so BN forward reads its input once; separate-pass: twice. */
        bn_statistics: z.enum(['epilogue', 'separate-pass']).default('separate-pass'),
        /** A tensor read by the next op and also kept (stashed) is forwarded to that op and written once through the buffer. */
        write_through: z.boolean().default(true),
      })
      .default({ extra_passes: 'spill', bn_statistics: 'separate-pass', write_through: true }),
    // --- stash policy and ASAP knobs (src/net/stash-plan.ts, src/net/asap-knobs.ts, docs/stash.md) ---
    /** What the forward pass keeps for backward, the same meaning for every rule (docs/stash.md). */
    stash: z.enum(stashPolicyNames).default('compact'),
    /**
     * ASAP implementation knobs (docs/stash.md), each defaulting to the official code's choice. They are arch
     * keys, not workload options, because they say how the accelerator's compiler builds the step (what it
     * stores, how it schedules), exactly like `stash`, and so a sweep can grid over them.
     */
    asap: z
      .strictObject({
        shared_stash: z.enum(['full', 'pooled']).default('full'),
        feedback_update: z.enum(['own-momentum', 'delta', 'fixed']).default('own-momentum'),
        share_schedule: z.enum(['per-layer', 'grouped']).default('per-layer'),
      })
      .default({ shared_stash: 'full', feedback_update: 'own-momentum', share_schedule: 'per-layer' }),
    /** Element type per tensor role, e.g. { saved_activation: bf16 }. */
    dtypes: z.partialRecord(z.enum(tensorRoles), z.enum(Object.keys(elementTypes) as [keyof typeof elementTypes])).default({}),
  })
  .superRefine((a, ctx) => {
    // Sizes the buffer model allocates from (one slot per block): refused above the stated limits (util/limits.ts).
    for (const [name, b] of [
      ['buffer', a.buffer],
      ['weight_buffer', a.weight_buffer],
    ] as const) {
      if (!b) continue;
      const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [name, key], message });
      if (b.capacity > MAX_BUFFER_BYTES)
        issue('capacity', `expected at most ${MAX_BUFFER_BYTES / 2 ** 30} GiB (the largest buffer modelled), got ${b.capacity} B`);
      else if (b.block < MIN_BLOCK_BYTES) issue('block', `expected at least ${MIN_BLOCK_BYTES} B (a cache line), got ${b.block} B`);
      else if (b.capacity > 0 && b.block > b.capacity)
        issue('block', `must not exceed ${name}.capacity (${b.capacity} B), got ${b.block} B: a block larger than the buffer never fits`);
      else if (b.capacity / b.block > MAX_BUFFER_BLOCKS)
        issue('block', `${name}.capacity / block = ${Math.floor(b.capacity / b.block)} blocks; expected at most ${MAX_BUFFER_BLOCKS} (use larger blocks)`);
    }
    if (a.residency.pin_capacity > a.buffer.capacity)
      ctx.addIssue({
        code: 'custom',
        path: ['residency', 'pin_capacity'],
        message: `must not exceed buffer.capacity (${a.buffer.capacity} B), got ${a.residency.pin_capacity} B`,
      });
  });

export type ArchConfig = z.output<typeof archSchema>;
