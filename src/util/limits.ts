// The stated limits of what asapsim reads and allocates: inputs beyond them are refused with one line
// naming the limit, before anything is allocated (a config or trace must never crash V8 or the machine).
import { MAX_LINE_BYTES } from './lines.ts';

/** A config or sweep file (YAML/JSON): far above any real one (edge.yaml is ~2 KiB). */
export const MAX_CONFIG_BYTES = 1 << 20;
/** A line of a trace, metrics or results file. */
export { MAX_LINE_BYTES };
/** The on-chip buffer: 4 GiB, beyond any accelerator SRAM; the model allocates state per block. */
export const MAX_BUFFER_BYTES = 2 ** 32;
/** The fewest bytes per buffer block (a cache line of 16 B); smaller blocks are not a buffer organisation. */
export const MIN_BLOCK_BYTES = 16;
/** Blocks the buffer model tracks at once (capacity / block): bounds its per-block state. */
export const MAX_BUFFER_BLOCKS = 2 ** 22;
/** Blocks of the address space the buffer model indexes (an Int32Array of 512 MiB at most): bounds compare --batch. */
export const MAX_INDEXED_BLOCKS = 2 ** 27;
/** A dataset or checkpoint file (safetensors, IDX, CIFAR, .mat). */
export const MAX_DATA_FILE_BYTES = 2 ** 31;
