// What one op moved: bytes per role (the op's totals are their sum), one row per tensor (ops.csv), the DRAM
// transfers to serve (coalesced when contiguous), and the buffer energy of its on-chip accesses. It is the
// buffers' sink: a buffer reports every block it serves on chip, fetches, or writes back.
import type { ArchConfig } from '../arch/schema.ts';
import type { DramTransfer } from '../dram/dram.ts';
import type { TensorRef, TensorRole } from '../trace/schema.ts';
import type { BufferSink } from './buffer/buffer.ts';
import { addTraffic, emptyTraffic, type Served, type TensorRow, type Traffic } from './stats.ts';
import type { TensorTable } from './tensors.ts';

export const weightRoles = new Set<TensorRole>(['weight', 'feedback_weight', 'weight_gradient', 'optimizer_state']);

interface RowState {
  row: TensorRow;
  served: Set<Served>;
  read: boolean;
  write: boolean;
}

export class OpAccount implements BufferSink {
  roles = new Map<TensorRole, Traffic>();
  transfers: DramTransfer[] = [];
  private rows = new Map<string, RowState>();
  /** Bytes moved at the global buffer and at the weight buffer this op (for their bandwidth time). */
  globalBufferBytes = 0;
  weightBufferBytes = 0;
  bufferEnergyJ = 0;
  /** Tensors whose buffer accesses the op's mapping counts (chargeMapped) instead of the per-byte sink. */
  mapped = new Set<string>();
  /** How the access in progress is served when it bypasses the buffer (set by the replay per access). */
  tag: Served | undefined;

  constructor(
    private readonly arch: ArchConfig,
    private readonly tensors: TensorTable,
  ) {}

  begin(): void {
    this.roles = new Map();
    this.transfers = [];
    this.rows = new Map();
    this.globalBufferBytes = 0;
    this.weightBufferBytes = 0;
    this.mapped = new Set();
    this.tag = undefined;
    this.last = -1;
    this.lastRow = undefined;
  }

  traffic(role: TensorRole): Traffic {
    let t = this.roles.get(role);
    if (!t) this.roles.set(role, (t = emptyTraffic()));
    return t;
  }

  private rowOf(ref: TensorRef): RowState {
    let r = this.rows.get(ref.id);
    if (!r) {
      const row: TensorRow = {
        tensor: ref.id,
        role: ref.role,
        bytes: ref.bytes,
        use: 'evicted',
        dramRead: 0,
        dramWrite: 0,
        onChipRead: 0,
        onChipWrite: 0,
        forwardedRead: 0,
        served: '',
      };
      this.rows.set(ref.id, (r = { row, served: new Set(), read: false, write: false }));
    }
    return r;
  }

  /** An access the op makes (before it is served), so the row names the use. */
  request(ref: TensorRef, bytes: number, write: boolean): void {
    const t = this.traffic(ref.role);
    if (write) t.requestedWrite += bytes;
    else t.requestedRead += bytes;
    const r = this.rowOf(ref);
    if (write) r.write = true;
    else r.read = true;
  }

  // Blocks arrive in runs of one tensor: remember the last tensor's row and role counters.
  private last = -1;
  private lastRef: TensorRef | undefined;
  private lastRow: RowState | undefined;
  private lastTraffic: Traffic | undefined;

  private lookup(tensor: number): RowState {
    if (tensor !== this.last || !this.lastRow) {
      this.last = tensor;
      this.lastRef = this.tensors.at(tensor).ref;
      this.lastRow = this.rowOf(this.lastRef);
      this.lastTraffic = this.traffic(this.lastRef.role);
    }
    return this.lastRow;
  }

  dram(tensor: number, address: number, bytes: number, write: boolean, writeback: boolean): void {
    const r = this.lookup(tensor);
    const ref = this.lastRef!;
    const t = this.lastTraffic!;
    // A fill writes the buffer, a write-back reads it; a direct access touches no buffer.
    if (!write || writeback) this.chargeBuffer(ref, bytes, !write);
    if (!write) t.dramRead += bytes;
    else if (writeback) t.writeback += bytes;
    else t.dramDirectWrite += bytes;
    if (write) r.row.dramWrite += bytes;
    else r.row.dramRead += bytes;
    r.served.add(writeback ? 'evicted' : (this.tag ?? 'streamed'));
    const last = this.transfers[this.transfers.length - 1];
    if (last && last.write === write && last.address + last.bytes === address) last.bytes += bytes;
    else this.transfers.push({ address, bytes, write });
  }

  onChip(tensor: number, bytes: number, write: boolean): void {
    const r = this.lookup(tensor);
    const ref = this.lastRef!;
    const t = this.lastTraffic!;
    this.chargeBuffer(ref, bytes, write);
    if (write) t.onChipWrite += bytes;
    else t.onChipRead += bytes;
    if (write) r.row.onChipWrite += bytes;
    else r.row.onChipRead += bytes;
    if (!write && this.tag === 'forwarded') r.row.forwardedRead += bytes;
    r.served.add(this.tag ?? 'resident');
  }

  private chargeBuffer(ref: TensorRef, bytes: number, write: boolean): void {
    if (!this.mapped.has(ref.id)) this.charge(ref.role, bytes, write);
  }

  private charge(role: TensorRole, bytes: number, write: boolean): void {
    const wb = this.arch.weight_buffer && weightRoles.has(role) ? this.arch.weight_buffer : undefined;
    const b = wb ?? this.arch.buffer;
    this.bufferEnergyJ += bytes * (write ? b.write_energy_per_byte : b.read_energy_per_byte);
    if (wb) this.weightBufferBytes += bytes;
    else this.globalBufferBytes += bytes;
  }

  /** A matrix operand's buffer reads and writes as its mapping counts them. */
  chargeMapped(ref: TensorRef, reads: number, writes: number): void {
    this.charge(ref.role, reads, false);
    this.charge(ref.role, writes, true);
  }

  totals(): Traffic {
    const total = emptyTraffic();
    for (const t of this.roles.values()) addTraffic(total, t);
    return total;
  }

  tensorRows(): TensorRow[] {
    return [...this.rows.values()].map((r) => ({
      ...r.row,
      use: r.read && r.write ? 'read+write' : r.read ? 'read' : r.write ? 'write' : 'evicted',
      served: [...r.served].join('+') || 'resident',
    }));
  }
}
