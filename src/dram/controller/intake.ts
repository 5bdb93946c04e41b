// The request in front of the controller: read ahead from the source in batches (so the per-request call
// and field traffic is paid once per batch), decoded by the address mapping into channel, bank, row and
// column. One request is pending at a time; the controller admits it when it has arrived and its queue
// has room (head-of-line blocking, as DRAMSim3 and Ramulator 2).
import { F_CH as F_CH_, F_RA as F_RA_, F_BG as F_BG_, F_BA as F_BA_, F_RO as F_RO_, F_CO as F_CO_, type AddressMapping } from '../mapping/index.ts';
import type { RequestSource } from '../request-source.ts';
import type { Geometry } from '../state/geometry.ts';
import { READS as READS_, WRITES as WRITES_, type QueueKind } from '../state/queues.ts';
// local copies: an imported binding is a module-variable load (and hole check) at every use in the hot loop
const F_CH = F_CH_;
const F_RA = F_RA_;
const F_BG = F_BG_;
const F_BA = F_BA_;
const F_RO = F_RO_;
const F_CO = F_CO_;
const READS = READS_;
const WRITES = WRITES_;

const BATCH = 1024;

export class Intake {
  /** A request is pending (false: the source is exhausted). */
  valid = false;
  arrival = 0;
  kind: QueueKind = READS;
  ch = 0;
  bank = 0;
  row = 0;
  col = 0;
  private src: RequestSource | null = null;
  private readonly fields = new Int32Array(6);
  private readonly bAddr = new Float64Array(BATCH);
  private readonly bWrite = new Uint8Array(BATCH);
  private readonly bArr = new Float64Array(BATCH);
  private bPos = 0;
  private bLen = 0;

  constructor(
    private readonly mapping: AddressMapping,
    private readonly g: Geometry,
  ) {}

  start(src: RequestSource): void {
    this.src = src;
    this.bPos = 0;
    this.bLen = 0;
    this.pull();
  }

  stop(): void {
    this.src = null;
    this.valid = false;
  }

  /** Loads the next request into the public fields. */
  pull(): void {
    if (this.bPos === this.bLen) {
      this.bPos = 0;
      this.bLen = this.src === null ? 0 : this.refill(this.src);
      if (this.bLen === 0) {
        this.valid = false;
        return;
      }
    }
    const i = this.bPos++;
    const f = this.fields;
    this.mapping.decode(this.bAddr[i], f);
    const ch = f[F_CH];
    this.valid = true;
    this.ch = ch;
    this.bank = this.g.bankOf(ch, f[F_RA], f[F_BG], f[F_BA]);
    this.row = f[F_RO];
    this.col = f[F_CO];
    this.kind = this.bWrite[i] !== 0 ? WRITES : READS;
    this.arrival = this.bArr[i];
  }

  private refill(src: RequestSource): number {
    if (src.nextBatch !== undefined) return src.nextBatch(this.bAddr, this.bWrite, this.bArr);
    let n = 0;
    while (n < BATCH && src.next()) {
      this.bAddr[n] = src.addr;
      this.bWrite[n] = src.write ? 1 : 0;
      this.bArr[n] = src.arrival;
      n++;
    }
    return n;
  }
}
