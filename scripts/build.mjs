// npm run build (and npm install's prepare): compiles src/ to dist/ with tsc (imports rewritten from .ts
// to .js), copies the non-TypeScript files the sources read at run time, and stamps the build so
// bin/asapsim.js can tell whether dist/ is older than the sources.
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
const tsc = `${dirname(createRequire(import.meta.url).resolve('typescript/package.json'))}/bin/tsc`;
const r = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
for (const f of readdirSync(`${root}src`, { recursive: true })) if (f.endsWith('.json')) cpSync(`${root}src/${f}`, `${root}dist/${f}`);
writeFileSync(`${root}dist/.built`, '');
