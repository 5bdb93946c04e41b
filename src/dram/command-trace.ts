// `asapsim dram --command-trace FILE`: every issued command as a text line, written as it issues (memory
// stays flat), the file appearing atomically at the end:
//   cycle command channel rank bankgroup bank row column
// row is the row opened (ACT), closed (PRE) or accessed (RD/WR/RDA/WRA); row and column are - where the
// command has none (PREA, REF, REFpb; PRE has no column).
import { openSync, writeSync, closeSync, renameSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { COMMAND_NAMES, ACT, PRE, RD, WR, RDA, WRA, isColumnCommand } from './commands.ts';
import type { CommandSink } from './command-log.ts';
import type { DramOrg } from './spec.ts';
import { UserError } from '../util/errors.ts';

export class CommandTraceWriter implements CommandSink {
  private readonly tmp: string;
  private fd: number;
  private chunk = '# cycle command channel rank bankgroup bank row column\n';
  count = 0;
  private readonly banksPerRank: number;

  constructor(
    readonly file: string,
    private readonly org: DramOrg,
  ) {
    this.banksPerRank = org.bankGroups * org.banksPerGroup;
    this.tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (e) {
      throw new UserError(`${file}: cannot write the command trace (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  push(t: number, cmd: number, bank: number, row: number, col: number): void {
    const rankGlobal = Math.floor(bank / this.banksPerRank);
    const inRank = bank - rankGlobal * this.banksPerRank;
    const ch = Math.floor(rankGlobal / this.org.ranks);
    const rank = rankGlobal - ch * this.org.ranks;
    const bg = Math.floor(inRank / this.org.banksPerGroup);
    const ba = inRank - bg * this.org.banksPerGroup;
    const hasRow = cmd === ACT || cmd === PRE || cmd === RD || cmd === WR || cmd === RDA || cmd === WRA;
    const hasCol = isColumnCommand(cmd);
    this.chunk += `${t} ${COMMAND_NAMES[cmd]} ${ch} ${rank} ${bg} ${ba} ${hasRow ? row : '-'} ${hasCol ? col : '-'}\n`;
    this.count++;
    if (this.chunk.length > 1 << 16) this.flush();
  }

  private flush(): void {
    if (this.chunk.length > 0) writeSync(this.fd, this.chunk);
    this.chunk = '';
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmp, this.file);
  }

  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.tmp, { force: true });
  }
}
