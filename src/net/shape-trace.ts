// The shape-only executor: builds the model under the rule and emits one training step's program as a
// trace without arithmetic. The training engine executes the same program, so both emit the same events.
import { getModel } from './models/index.ts';
import type { RuleChoice } from './rules/index.ts';
import { StepProgram } from './program.ts';
import type { AsapKnobs, ElementType, StashPolicy, TensorRole, Trace, TraceHeader } from '../trace/schema.ts';
import { TRACE_SCHEMA, TRACE_VERSION } from '../trace/schema.ts';
import { defaultDtypes } from '../trace/stash.ts';
import { TOOL, VERSION } from '../util/version.ts';

export interface TraceSpec {
  model: string;
  rule: RuleChoice;
  batch: number;
  inputShape: [number, number, number];
  classes: number;
  width: number;
  stash: StashPolicy;
  /** Overrides of the per-role element types (default fp32 values, 1-bit masks). */
  dtypes?: Partial<Record<TensorRole, ElementType>>;
  /** ASAP implementation knobs (default: the official code's). */
  asap?: AsapKnobs;
  /** share_schedule grouped: the error bytes a group may hold (the buffer's capacity). */
  groupBudgetBytes?: number;
}

export function traceHeader(spec: TraceSpec, source: string): TraceHeader {
  return {
    type: 'header',
    schema: TRACE_SCHEMA,
    version: TRACE_VERSION,
    model: spec.model,
    rule: spec.rule.rule.name,
    k: spec.rule.k,
    label: spec.rule.label,
    batch: spec.batch,
    inputShape: spec.inputShape,
    classes: spec.classes,
    width: spec.width,
    stash: spec.stash,
    ...(spec.asap ? { asap: spec.asap } : {}),
    dtypes: { ...defaultDtypes(spec.stash), ...spec.dtypes },
    source,
    producer: { tool: TOOL, version: VERSION },
  };
}

export function buildGraph(spec: TraceSpec) {
  return getModel(spec.model).build({ batch: spec.batch, inputShape: spec.inputShape, classes: spec.classes, width: spec.width, rule: spec.rule });
}

export function shapeTrace(spec: TraceSpec): Trace {
  const header = traceHeader(spec, 'shape');
  const events = StepProgram.events(buildGraph(spec), { stash: spec.stash, dtypes: header.dtypes, asap: spec.asap, groupBudgetBytes: spec.groupBudgetBytes });
  return { header, events };
}
