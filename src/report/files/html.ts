// The report page: one self-contained index.html that opens offline. vega, vega-lite and vega-embed are
// inlined from node_modules (no CDN) and render every chart from its inline spec, with tooltips; the page
// also carries the summary table, the exact command and config that produced it, and the tool version.
import { readFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';

export const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface PageChart {
  name: string;
  title: string;
  spec: TopLevelSpec;
  /** Sibling files of the chart to link (spec, SVG, PNG, PDF). */
  files: string[];
}

export interface PageConfig {
  label: string;
  file: string;
  hash: string;
  text: string;
}

export interface Page {
  title: string;
  heading: string;
  /** Trusted HTML: built by the caller with escape(). */
  intro: string;
  tables: string;
  charts: PageChart[];
  provenance: { version: string; command: string; configs: PageConfig[] };
}

let libraries: string | undefined;

/** The UMD builds of vega, vega-lite and vega-embed, which sit beside each package's entry module. */
function inlineLibraries(): string {
  if (libraries) return libraries;
  libraries = ['vega', 'vega-lite', 'vega-embed']
    .map((name) => {
      const js = readFileSync(new URL(`./${name}.min.js`, import.meta.resolve(name)), 'utf8');
      // "</script" inside the code would end the element early; "<\/script" means the same to JavaScript.
      return `<script>/* ${name} */\n${js.replace(/<\/script/gi, '<\\/script')}\n</script>`;
    })
    .join('\n');
  return libraries;
}

/** JSON for a <script type="application/json"> element: "<" escaped so no string can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const boot = `
const specs = JSON.parse(document.getElementById('asapsim-specs').textContent);
for (const el of document.querySelectorAll('.vis')) {
  vegaEmbed(el, specs[el.dataset.chart], { renderer: 'svg', tooltip: true, actions: { export: true, source: true, compiled: false, editor: false } })
    .then(() => { el.dataset.rendered = 'true'; })
    .catch((e) => { el.dataset.rendered = 'error'; el.textContent = 'This chart failed to render: ' + e.message; console.error(e); });
}`;

export function reportHtml(page: Page): string {
  const specs = Object.fromEntries(page.charts.map((c) => [c.name, c.spec]));
  const figures = page.charts
    .map(
      (c) =>
        `<figure id="${escape(c.name)}" class="chart"><div class="vis" data-chart="${escape(c.name)}"></div><figcaption>${escape(c.title)} — ${c.files
          .map(
            (f) =>
              `<a href="${escape(f)}">${escape(
                f
                  .slice(f.indexOf('.') + 1)
                  .toUpperCase()
                  .replace('VL.JSON', 'Vega-Lite'),
              )}</a>`,
          )
          .join(', ')}</figcaption></figure>`,
    )
    .join('\n');
  const configs = page.provenance.configs
    .map((c) => `<p>${escape(c.label)} <code>${escape(c.file)}</code> (sha256 ${escape(c.hash)}):</p><pre>${escape(c.text || '(not recorded)')}</pre>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="generator" content="asapsim ${escape(page.provenance.version)}"><title>${escape(page.title)}</title>
<style>
body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:2rem auto;max-width:88rem;padding:0 1rem;color:#222}
p,pre{max-width:62rem}
.charts{display:flex;flex-wrap:wrap;column-gap:2.5rem;align-items:flex-start}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:right}thead th{text-align:center}tbody th{text-align:left}
figure{margin:1.5rem 0}figcaption{font-size:.8rem;color:#555}pre{background:#f6f6f6;padding:.75rem;overflow:auto;font-size:.75rem}
.vis{min-height:2rem}
</style></head><body>
<h1>${escape(page.heading)}</h1>
${page.intro}
${page.tables}
<noscript><p>The charts need JavaScript; each one is also linked as a static SVG and PNG.</p></noscript>
<div class="charts">${figures}</div>
<h2>Provenance</h2>
<p>Produced by asapsim ${escape(page.provenance.version)} with:</p><pre>${escape(page.provenance.command)}</pre>
${configs}
<script type="application/json" id="asapsim-specs">${scriptJson(specs)}</script>
${inlineLibraries()}
<script>${boot}</script>
</body></html>
`;
}

/** A table with a header row; the first cell of each row is a row header. Cells are escaped here. */
export function htmlTable(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${escape(c)}</th>` : `<td>${escape(c)}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
}
