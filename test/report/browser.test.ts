// End to end in a real browser: headless Chromium (Debian's package, which .ci/run installs) opens a
// generated compare report and a sweep report from file://, with the network unused: every chart renders
// (an SVG with marks), a tooltip shows on hover, no request leaves the page, and the console stays clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { fillCompareReport } from '../../src/report/files/write-compare.ts';
import { fillSweepReport } from '../../src/report/files/write-sweep.ts';
import { putInto } from '../../src/report/files/write-report.ts';
import { curves, edge, smallCompare, smallSweep } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';

/** Why the test cannot run here, or undefined. The test installs nothing: .ci/run does (apt-get install chromium). */
function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return `skipped: ${CHROMIUM} not found; this test drives Debian's Chromium (apt-get install -y chromium, as .ci/run does)`;
}

async function writeReports(): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'asapsim-browser-'));
  const c = join(root, 'compare');
  const s = join(root, 'sweep');
  for (const d of [c, s]) mkdirSync(d);
  const arch = { file: edge, hash: 'test', text: readFileSync(edge, 'utf8') };
  await fillCompareReport(smallCompare(), { command: 'asapsim compare (test)', arch, learning: curves(), formats: ['svg'] }, putInto(c, []));
  const { header, points } = await smallSweep();
  await fillSweepReport(header, points, { command: 'asapsim sweep (test)', preset: 'single', formats: ['svg'] }, putInto(s, []));
  return [join(c, 'index.html'), join(s, 'index.html')];
}

test('headless Chromium renders every chart of a report offline, with tooltips and no console error', async (t) => {
  const missing = ensureChromium();
  if (missing) return t.skip(missing);
  const pages = await writeReports();
  const profile = mkdtempSync(join(tmpdir(), 'asapsim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    for (const file of pages) {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        if (!/^(file|data|blob|about):/.test(r.url())) problems.push(`network request: ${r.url()}`);
      });
      await page.goto(pathToFileURL(file).href);
      const expected = await page.evaluate(() => Object.keys(JSON.parse(document.getElementById('asapsim-specs')!.textContent!)).length);
      await page.waitForFunction(() => [...document.querySelectorAll('.vis')].every((el) => (el as HTMLElement).dataset.rendered), undefined, {
        timeout: 30_000,
      });
      const charts = await page.$$eval('.vis', (els) =>
        els.map((el) => ({
          name: (el as HTMLElement).dataset.chart,
          state: (el as HTMLElement).dataset.rendered,
          marks: el.querySelectorAll('svg .mark-rect path, svg .mark-line path, svg .mark-symbol path, svg .mark-rect, svg .mark-line').length,
        })),
      );
      assert.equal(charts.length, expected, file);
      assert.ok(expected >= 4, `${file}: ${expected} charts`);
      for (const c of charts) {
        assert.equal(c.state, 'true', `${file}: ${c.name} rendered`);
        assert.ok(c.marks > 0, `${file}: ${c.name} has marks`);
      }
      // Tooltips: hover the first bar (or heatmap cell) of the page.
      const bar = page.locator('.vis .mark-rect.role-mark path').first();
      await bar.hover({ force: true });
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 });
      assert.ok((await page.locator('table.vg-tooltip, #vg-tooltip-element table').count()) > 0 || (await page.textContent('#vg-tooltip-element'))!.length > 0);
      assert.match((await page.textContent('body'))!, /Produced by asapsim/);
      assert.deepEqual(problems, [], file);
      await page.close();
    }
  } finally {
    await context.close();
  }
});
