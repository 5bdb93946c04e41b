// simulate --export-dram-trace writes the same DRAM work in either replay mode: requests of the preset's
// burst, timed in its memory clock. Replayed through the cycle model (what `asapsim dram` runs), the
// analytic-mode export (arrivals spread at the analytic bandwidth) and the cycle-mode export (each
// batch at its issue cycle) must reach the same bandwidth within 10 %.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shapeTrace } from '../../src/net/shape-trace.ts';
import { parseRuleChoice } from '../../src/net/rules/index.ts';
import { inputs } from '../../src/net/models/index.ts';
import { defaultDtypes, getStashPolicy } from '../../src/trace/stash.ts';
import { loadArch } from '../../src/arch/loader.ts';
import { Replayer } from '../../src/sim/replay.ts';
import { createDramFor } from '../../src/sim/dram-for-arch.ts';
import { ExportingDram } from '../../src/dram/export.ts';
import { CycleDram, resolveSpec } from '../../src/dram/index.ts';
import { TraceFileSource } from '../../src/dram/trace-formats.ts';
import { DRAM_MODES } from '../../src/dram/dram.ts';

test('analytic- and cycle-mode exports of convnet (width 0.25) replay to the same bandwidth within 10 %', { timeout: 120_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'asapsim-export-'));
  try {
    const stash = getStashPolicy('compact');
    const trace = shapeTrace({
      model: 'convnet',
      batch: 8,
      width: 0.25,
      inputShape: inputs.cifar10.shape,
      classes: inputs.cifar10.classes,
      rule: parseRuleChoice('bp'),
      stash,
      dtypes: defaultDtypes(stash, 'fp32'),
    });
    const arch = loadArch('arch-configs/edge.yaml');
    const spec = resolveSpec(arch.config.dram.preset!, arch.config.dram.overrides);
    const replayed = DRAM_MODES.map((mode) => {
      const file = join(dir, `${mode}.trc`);
      const ex = new ExportingDram(createDramFor(arch.config, mode), file, 'dramsim3', { spec, mode });
      const r = new Replayer({ header: trace.header, arch: arch.config, archHash: arch.hash, dram: ex });
      for (const e of trace.events) r.step(e);
      r.finish();
      ex.close();
      const side = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
      assert.equal(side.requestBytes, 32, 'LPDDR4-3200 bursts are 32 B');
      assert.equal(side.tCK_ns, spec.tCK_ns);
      const d = new CycleDram(spec);
      d.runSource(new TraceFileSource(file, 'dramsim3'));
      return { requests: ex.requests, report: d.report() };
    });
    const [analytic, cycle] = replayed;
    assert.equal(analytic.requests, cycle.requests, 'both modes move the same bytes');
    assert.ok(analytic.requests > 10_000, `a real workload (${analytic.requests} requests)`);
    t.diagnostic(
      `${analytic.requests} requests; analytic export ${analytic.report.bandwidthGBps.toFixed(3)} GB/s in ${analytic.report.cycles} cycles, cycle export ${cycle.report.bandwidthGBps.toFixed(3)} GB/s in ${cycle.report.cycles} cycles`,
    );
    const ratio = analytic.report.bandwidthGBps / cycle.report.bandwidthGBps;
    assert.ok(
      Math.abs(ratio - 1) <= 0.1,
      `analytic export ${analytic.report.bandwidthGBps.toFixed(2)} GB/s vs cycle export ${cycle.report.bandwidthGBps.toFixed(2)} GB/s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
