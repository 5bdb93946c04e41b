// Backend choice: tfjs-node if its native binding loads, else wasm (SIMD build, files from node_modules),
// else the pure-JS cpu backend. A forced choice that cannot load is an error, not a silent fallback.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { UserError } from '../util/errors.ts';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const backendNames: BackendName[] = ['tensorflow', 'wasm', 'cpu'];

const require = createRequire(import.meta.url);

async function load(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // Optional native binding; registers the 'tensorflow' backend when present.
      await import('@tensorflow/tfjs-node' as string);
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(`${dir}/`);
    }
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** Normalises a --backend value ('node' and 'tfjs-node' mean the native backend). */
export function parseBackend(text: string): BackendName | 'auto' {
  const t = text.trim().toLowerCase();
  if (t === 'auto') return 'auto';
  if (t === 'node' || t === 'tfjs-node' || t === 'tensorflow') return 'tensorflow';
  if (t === 'wasm' || t === 'cpu') return t;
  throw new UserError(`--backend: expected auto, node, wasm or cpu, got "${text}"`);
}

/** Selects and initialises a backend; returns its name. `log` receives one line saying which runs. */
export async function chooseBackend(choice: BackendName | 'auto' = 'auto', log: (line: string) => void = () => {}): Promise<BackendName> {
  tf.env().set('PROD', true); // no debug checks, no advertising banner
  const order: BackendName[] = choice === 'auto' ? backendNames : [choice];
  for (const name of order) {
    if (tf.getBackend() === name || (await load(name))) {
      await tf.ready();
      log(`backend: ${name}${choice === 'auto' ? ' (auto)' : ''}`);
      return name;
    }
  }
  throw new UserError(`--backend: ${choice} could not be initialised on this machine`, 1);
}

/** Backends that initialise here, in preference order (for benchmarks and cross-checks). */
export async function availableBackends(): Promise<BackendName[]> {
  const before = tf.getBackend();
  const ok: BackendName[] = [];
  for (const name of backendNames) if (await load(name)) ok.push(name);
  if (before) await tf.setBackend(before);
  return ok;
}
