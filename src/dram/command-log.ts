// The issued command stream, kept only when asked for (tests, the checker, debugging): growable typed
// columns so a million commands cost a few tens of MB and no objects.

/** `request` of a command refresh issued (REF, REFpb, PREA, or the PRE before a REFpb). */
export const BY_REFRESH = -1;

export class CommandLog {
  length = 0;
  time = new Float64Array(1024);
  cmd = new Uint8Array(1024);
  /** Global bank index (channel-major, then rank, bank group, bank). */
  bank = new Int32Array(1024);
  row = new Int32Array(1024);
  col = new Int32Array(1024);
  /** The request the command serves (its admission number), or BY_REFRESH for refresh's own commands. */
  request = new Float64Array(1024);

  push(t: number, cmd: number, bank: number, row: number, col: number, request: number): void {
    if (this.length === this.time.length) this.grow();
    const i = this.length++;
    this.time[i] = t;
    this.cmd[i] = cmd;
    this.bank[i] = bank;
    this.row[i] = row;
    this.col[i] = col;
    this.request[i] = request;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const g = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.time = g(this.time, (k) => new Float64Array(k));
    this.cmd = g(this.cmd, (k) => new Uint8Array(k));
    this.bank = g(this.bank, (k) => new Int32Array(k));
    this.row = g(this.row, (k) => new Int32Array(k));
    this.col = g(this.col, (k) => new Int32Array(k));
    this.request = g(this.request, (k) => new Float64Array(k));
  }
}
