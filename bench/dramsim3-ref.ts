// DRAMSim3 as an optional reference column of `npm run bench -- dram`: ASAPSIM_DRAMSIM3 names a built
// dramsim3main (https://github.com/umd-memsys/DRAMSim3, cmake -DCMAKE_BUILD_TYPE=Release). It is given our
// preset exported as a DRAMSim3 .ini (the same organisation, timings and address mapping; DRAMSim3 defaults for
// what the export does not set) and the same trace file.
//
// dramsim3main simulates a fixed number of cycles (-c), so it is run twice: once with a generous budget and
// epoch statistics every `epoch` cycles to find the first epoch by whose end every request was served, then,
// timed under /usr/bin/time, for exactly that many cycles with epoch output off. The timed run therefore
// covers start-up, trace parsing and simulation up to at most one epoch past the last completion.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { DramSpec } from '../src/dram/spec.ts';
import { writeDramConfig } from '../src/dram/configs/index.ts';

export interface Dramsim3Run {
  /** Cycles simulated by the timed run: the end of the epoch in which the last request completed. */
  cycles: number;
  wallS: number;
  cpuS: number;
  maxRssMiB: number;
}

export function dramsim3Binary(): string | undefined {
  return process.env.ASAPSIM_DRAMSIM3 || undefined;
}

function ini(spec: DramSpec, epochPeriod: number, outputLevel: number): string {
  return `${writeDramConfig('dramsim3', spec)}\n[other]\nepoch_period = ${epochPeriod}\noutput_level = ${outputLevel}\n`;
}

interface Epoch {
  epoch_num: number;
  num_reads_done: number;
  num_writes_done: number;
}

/** Runs `bin` on `trace` (`requests` lines) with a budget of `maxCycles`; undefined if it never served them all. */
export function runDramsim3(bin: string, spec: DramSpec, trace: string, requests: number, maxCycles: number): Dramsim3Run | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-dramsim3-'));
  try {
    const epoch = Math.max(10_000, Math.ceil(maxCycles / 2000 / 10_000) * 10_000);
    const probe = join(dir, 'probe.ini');
    writeFileSync(probe, ini(spec, epoch, 1));
    const p = spawnSync(bin, [probe, '-c', String(maxCycles), '-t', trace, '-o', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (p.status !== 0) throw new Error(`${bin} failed: ${p.stderr || p.stdout}`);
    const epochs = JSON.parse(readFileSync(join(dir, 'dramsim3epoch.json'), 'utf8')) as Epoch[];
    let done = 0;
    let cycles: number | undefined;
    for (const e of epochs) {
      done += e.num_reads_done + e.num_writes_done;
      if (done >= requests) {
        cycles = e.epoch_num * epoch; // DRAMSim3 numbers epochs from 1: epoch k ends at cycle k * epoch
        break;
      }
    }
    if (cycles === undefined) return undefined;
    const timed = join(dir, 'timed.ini');
    writeFileSync(timed, ini(spec, cycles + 1, 0));
    const t = spawnSync('/usr/bin/time', ['-f', 'DRAMSIM3_TIME %e %U %S %M', bin, timed, '-c', String(cycles), '-t', trace, '-o', dir], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const m = /DRAMSIM3_TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(t.stderr);
    if (t.status !== 0 || !m) throw new Error(`${bin} failed: ${t.stderr}`);
    return { cycles, wallS: Number(m[1]), cpuS: Number(m[2]) + Number(m[3]), maxRssMiB: Number(m[4]) / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
