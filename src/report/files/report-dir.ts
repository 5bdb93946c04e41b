// Where a report goes when the user named none: <out>/<name>, or, if a report is already there, the first
// free <out>/<name>-2, -3, ... so re-running a command keeps every earlier report.
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

const inUse = (dir: string) => existsSync(dir) && readdirSync(dir).length > 0;

export function freshReportDir(out: string, name: string): string {
  let dir = join(out, name);
  for (let n = 2; inUse(dir); n++) dir = join(out, `${name}-${n}`);
  return dir;
}

/** "resnet18-bp-vs-asapk2-edge": model, rules (baseline first) and the arch config's file name. */
export function compareReportName(model: string, ruleLabels: string[], archFile: string): string {
  const arch = basename(archFile, extname(archFile));
  return [model, ruleLabels.map((l) => l.replace(/[()=]/g, '')).join('-vs-'), arch].join('-').replace(/[^\w.+-]/g, '_');
}
