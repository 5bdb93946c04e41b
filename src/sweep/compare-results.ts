// The shape of a compare report's results.json, checked when `asapsim report` reads it back: every field the
// report reads, with its type, so a damaged or foreign file is one line naming the field, not a crash while
// drawing. (Sweep results are checked in results.ts.)
import { z } from 'zod';
import { roleGroupNames } from '../analysis/roles.ts';
import { tensorRoles } from '../trace/schema.ts';

const num = z.number().refine(Number.isFinite, 'expected a finite number');
const traffic = z.looseObject({
  requestedRead: num,
  requestedWrite: num,
  onChipRead: num,
  onChipWrite: num,
  dramRead: num,
  dramDirectWrite: num,
  writeback: num,
});
const byRole = z.partialRecord(z.enum(tensorRoles), traffic);
const phase = z.enum(['forward', 'backward', 'update']);

export const summaryShape = z.looseObject({
  label: z.string(),
  dramRead: num,
  dramWrite: num,
  dramTotal: num,
  savingPct: num,
  timeNs: num,
  energyJ: num,
  stashBytes: num,
  peakLiveBytes: num,
  stashByRole: z.partialRecord(z.enum(tensorRoles), num),
  byGroup: z.record(z.enum(roleGroupNames), z.looseObject({ read: num, write: num })),
});

const run = z.looseObject({
  trace: z.looseObject({
    model: z.string(),
    rule: z.string(),
    label: z.string(),
    k: num,
    batch: num,
    inputShape: z.array(num),
    stash: z.string(),
    source: z.string(),
  }),
  arch: z.looseObject({ name: z.string(), hash: z.string(), dramModel: z.string(), bufferBytes: num, blockBytes: num }),
  totals: traffic,
  byRole,
  byLayer: z.array(z.looseObject({ layer: z.string(), phases: z.array(phase), macs: num, computeNs: num, timeNs: num, traffic, byRole })),
  ops: z.array(z.looseObject({ seq: num, op: z.string(), layer: z.string(), phase, startNs: num, endNs: num, computeNs: num, dramBytes: num })),
  stash: z.looseObject({ byRole: z.partialRecord(z.enum(tensorRoles), num), totalBytes: num, peakLiveBytes: num }),
  time: z.looseObject({ computeNs: num, stallNs: num, totalNs: num, dramBusyNs: num }),
  energy: z.looseObject({ computeJ: num, bufferJ: num, dramJ: num, totalJ: num }),
});

export const compareResultShape = z
  .looseObject({
    spec: z.looseObject({
      model: z.string(),
      rules: z.array(z.string()).min(1),
      batch: num,
      inputShape: z.array(num),
      classes: num,
      width: num,
      arch: z.string(),
      archHash: z.string(),
      dramModel: z.string(),
      stash: z.string(),
    }),
    baseline: z.string(),
    summaries: z.array(summaryShape).min(1),
    runs: z.array(run).min(1),
  })
  .refine(
    (r) =>
      r.summaries.length === r.runs.length &&
      r.summaries.every((s, i) => s.label === r.runs[i].trace.label && r.spec.rules.includes(s.label)) &&
      r.spec.rules.includes(r.baseline) &&
      r.summaries.some((s) => s.label === r.baseline),
    { message: 'expected one summary per run, labelled by the rules of result.spec.rules, the baseline among them' },
  );

export const compareFileShape = z.looseObject({
  producer: z.looseObject({
    tool: z.string(),
    version: z.string(),
    command: z.string(),
    arch: z.looseObject({ file: z.string(), hash: z.string(), text: z.string() }).optional(),
  }),
  result: compareResultShape,
  learning: z.array(z.looseObject({ epoch: num, rule: z.string(), split: z.string(), accuracy: num, loss: num })).optional(),
});

/** "result.summaries.1.byGroup: missing" — the first problem of a results file, in words. */
export function shapeProblem(error: z.ZodError, value: unknown): string {
  const i = error.issues[0];
  const v = i.path.reduce<unknown>(
    (o, k) => (o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<PropertyKey, unknown>)[k] : undefined),
    value,
  );
  return `${i.path.join('.') || '(the document)'}: ${v === undefined && i.code === 'invalid_type' ? 'missing' : i.message}`;
}
