// npm run build (and npm install's prepare): compiles src/ to dist/ with tsc (imports rewritten from .ts
// to .js), copies the non-TypeScript files the sources read at run time, bundles the `asapsim dram` entry
// and stamps the build so bin/asapsim.js can tell whether dist/ is older than the sources.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
let tsc;
try {
  tsc = `${dirname(createRequire(import.meta.url).resolve('typescript/package.json'))}/bin/tsc`;
} catch {
  // An install without dev dependencies (npm install --omit=dev) has no compiler: bin/asapsim.js then runs
  // the sources through tsx, a dependency, and the install must not fail.
  console.error('asapsim build: typescript is not installed, dist/ not built; bin/asapsim.js runs the sources through tsx');
  process.exit(0);
}
const r = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
for (const f of readdirSync(`${root}src`, { recursive: true })) if (f.endsWith('.json')) cpSync(`${root}src/${f}`, `${root}dist/${f}`);

/** Packages bundled into dist/bundle/dram.js (plain JavaScript); every other package stays an import. */
const BUNDLED_PACKAGES = new Set(['commander', 'fastest-levenshtein']);

/**
 * `asapsim dram` as one file, dist/bundle/dram.js (bin/asapsim.js runs it for that command), plus a chunk per
 * lazily loaded part: loading ~60 modules through the ESM loader is most of the command's start-up. Each module's import.meta.url is
 * rewritten to its own file's URL in dist/, so paths computed from it (package.json, the package root)
 * are what they are unbundled; any other use of import.meta fails the build rather than silently moving.
 * Without esbuild (a dependency of tsx) the bundle is skipped and the launcher runs dist/cli/main.js.
 */
async function bundleDram() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    console.error('asapsim build: esbuild not found, dist/bundle/dram.js not built; asapsim dram runs dist/cli/main.js');
    return;
  }
  const outdir = `${root}dist/bundle`;
  const moduleUrls = {
    name: 'module-urls',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (a) => {
        const pkg = a.path.startsWith('@') ? a.path.split('/').slice(0, 2).join('/') : a.path.split('/')[0];
        return a.path.startsWith('node:') || BUNDLED_PACKAGES.has(pkg) ? undefined : { path: a.path, external: true };
      });
      b.onLoad({ filter: /\/dist\/.*\.js$/ }, (a) => {
        const rel = JSON.stringify(relative(outdir, a.path));
        const code = readFileSync(a.path, 'utf8');
        if (/import\.meta(?!\.url\b)/.test(code)) throw new Error(`${a.path}: import.meta other than import.meta.url cannot be bundled`);
        return { contents: code.replaceAll('import.meta.url', `new URL(${rel}, import.meta.url).href`), loader: 'js' };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: { dram: `${root}dist/cli/dram-main.js` },
    outdir,
    bundle: true,
    // what the sources load lazily (the config readers and their YAML parser) stays a chunk loaded on demand
    splitting: true,
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [moduleUrls],
    logLevel: 'warning',
    // commander is CommonJS: its require() of node built-ins needs a require in the ES module
    banner: { js: "import { createRequire as __asapsimRequire } from 'node:module'; const require = __asapsimRequire(import.meta.url);" },
    write: false,
  });
  mkdirSync(outdir, { recursive: true });
  for (const f of result.outputFiles) writeFileSync(f.path, constantsBackToConst(f.text));
}

/**
 * esbuild turns every top-level const of a bundle into a var (deliberately, no option). The hot loops read
 * module constants (command codes, sentinels: `const ACT = ACT_`), and a var costs them a load per use: the
 * bundle ran the random trace ≈ 10 % slower than dist/. Each `var NAME = expr;` on one line whose name is a
 * constant's (upper case) and is never assigned anywhere in the file is declared const again, as written.
 */
function constantsBackToConst(code) {
  return code.replace(/^var ([A-Z][A-Z0-9_]*) = ([^\n;]*);$/gm, (line, name, value) => {
    const assigned = new RegExp(
      `(?<![\\w$.])${name}\\s*(?:[-+*/%&|^]|\\*\\*|<<|>>>?)?=(?!=)|(?:\\+\\+|--)\\s*${name}(?![\\w$])|(?<![\\w$.])${name}\\s*(?:\\+\\+|--)`,
      'g',
    );
    const uses = code.match(assigned) ?? [];
    return uses.length === 1 ? `const ${name} = ${value};` : line; // the one match is the declaration itself
  });
}

await bundleDram();
writeFileSync(`${root}dist/.built`, '');
