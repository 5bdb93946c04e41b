// tfjs-core's gradient definitions ship only in its ES-module build, whose extensionless imports Node
// cannot load; esbuild (already present through tsx) bundles them once per run. The bundled copy
// registers into tfjs' global gradient registry, shared with the CJS build the engine uses.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const entry = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
const out = buildSync({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
const file = join(mkdtempSync(join(tmpdir(), 'asapsim-grads-')), 'gradients.mjs');
writeFileSync(file, out.outputFiles[0].text);
await import(pathToFileURL(file).href);
