// Tensor ids of the step program, built and parsed in this one module. An id is a graph tensor
// ("conv1.out", "input"), a layer's parameter or state ("conv1.weight", "bn1.running_stats"), something
// derived from another id by a suffix (".grad", ".momentum", ".pooled") or a prefix ("d:" errors, "r:"
// values recomputed in backward). The program builds ids with `tensorId`; the engine and the analysis read
// them back with `parseTensorId`, so no other file spells a suffix.

/** What a layer owns: its parameters, B, and the state its forward op keeps. */
export const layerParts = ['weight', 'bias', 'feedback', 'dfa_B', 'running_stats', 'batch_stats', 'mask', 'argmax', 'probs', 'matched'] as const;
export type LayerPart = (typeof layerParts)[number];

/** Suffixes that derive one tensor from another. */
export const derivedParts = ['grad', 'momentum', 'pooled'] as const;
export type DerivedPart = (typeof derivedParts)[number];

export type TensorId =
  /** A tensor of the graph itself: the input batch, the labels, a node's output. */
  | { kind: 'graph'; name: string }
  /** A parameter or a stash/state tensor of a layer. */
  | { kind: 'part'; layer: string; part: LayerPart }
  /** The gradient or optimizer state of a parameter, or the pooled copy of a shared activation. */
  | { kind: 'derived'; of: TensorId; part: DerivedPart }
  /** The error of a tensor as one consumer sends it down (`by`), or their sum (`by` absent). */
  | { kind: 'error'; of: string; by?: string }
  /** A forward value recomputed in the backward pass (recompute, inplace-abn and checkpoint stash policies). */
  | { kind: 'recomputed'; of: string };

const ERROR = 'd:';
const RECOMPUTED = 'r:';

export function formatTensorId(t: TensorId): string {
  switch (t.kind) {
    case 'graph':
      return t.name;
    case 'part':
      return `${t.layer}.${t.part}`;
    case 'derived':
      return `${formatTensorId(t.of)}.${t.part}`;
    case 'error':
      return t.by === undefined ? `${ERROR}${t.of}` : `${ERROR}${t.of}@${t.by}`;
    case 'recomputed':
      return `${RECOMPUTED}${t.of}`;
  }
}

const lastPart = (id: string): [string, string] | undefined => {
  const dot = id.lastIndexOf('.');
  return dot > 0 ? [id.slice(0, dot), id.slice(dot + 1)] : undefined;
};

/** The structure of an id the program built; anything else is a graph tensor's name. */
export function parseTensorId(id: string): TensorId {
  if (id.startsWith(ERROR)) {
    const body = id.slice(ERROR.length);
    const at = body.lastIndexOf('@');
    return at < 0 ? { kind: 'error', of: body } : { kind: 'error', of: body.slice(0, at), by: body.slice(at + 1) };
  }
  if (id.startsWith(RECOMPUTED)) return { kind: 'recomputed', of: id.slice(RECOMPUTED.length) };
  const split = lastPart(id);
  if (split) {
    const [head, tail] = split;
    if ((derivedParts as readonly string[]).includes(tail)) return { kind: 'derived', of: parseTensorId(head), part: tail as DerivedPart };
    if ((layerParts as readonly string[]).includes(tail)) return { kind: 'part', layer: head, part: tail as LayerPart };
  }
  return { kind: 'graph', name: id };
}

/** Builders, so the program reads as what it means. */
export const tensorId = {
  part: (layer: string, part: LayerPart) => formatTensorId({ kind: 'part', layer, part }),
  grad: (param: string) => formatTensorId({ kind: 'derived', of: parseTensorId(param), part: 'grad' }),
  momentum: (param: string) => formatTensorId({ kind: 'derived', of: parseTensorId(param), part: 'momentum' }),
  pooled: (shared: string) => formatTensorId({ kind: 'derived', of: parseTensorId(shared), part: 'pooled' }),
  error: (of: string, by?: string) => formatTensorId({ kind: 'error', of, by }),
  recomputed: (of: string) => formatTensorId({ kind: 'recomputed', of }),
};

/** The layer part an id names, or undefined (e.g. 'running_stats' for "bn1.running_stats"). */
export function partOf(id: string): { layer: string; part: LayerPart } | undefined {
  const t = parseTensorId(id);
  return t.kind === 'part' ? { layer: t.layer, part: t.part } : undefined;
}

/** The derived suffix of an id, or undefined ('momentum' for "conv1.weight.momentum"). */
export function derivedOf(id: string): { of: string; part: DerivedPart } | undefined {
  const t = parseTensorId(id);
  return t.kind === 'derived' ? { of: formatTensorId(t.of), part: t.part } : undefined;
}
