// Colour-blind-safe palettes. Rules use Okabe & Ito's (Color Universal Design, 2008), each rule keeping its
// colour in every chart, so one figure reads against another without a legend lookup. Categories that are
// not rules (tensor roles, energy components) use Paul Tol's "muted" scheme, so no role is ever mistaken
// for a rule of the same colour.
export const okabeIto = ['#0072B2', '#D55E00', '#009E73', '#E69F00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'];
export const tolMuted = ['#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499', '#DDDDDD'];

const ruleOrder = ['bp', 'asap(k=2)', 'asap(k=4)', 'fa', 'as(k=2)', 'kp', 'dfa', 'as(k=4)'];

export function ruleColor(label: string): string {
  const i = ruleOrder.indexOf(label);
  return okabeIto[i >= 0 ? i : ruleOrder.length % okabeIto.length];
}

/** A Vega-Lite color scale that fixes every known rule's colour. */
export function ruleScale(labels: string[]): { domain: string[]; range: string[] } {
  return { domain: labels, range: labels.map(ruleColor) };
}

/** A colour scale for non-rule categories, in the order given. */
export function categoryScale(domain: string[]): { domain: string[]; range: string[] } {
  return { domain, range: domain.map((_, i) => tolMuted[i % tolMuted.length]) };
}

/** The diverging scheme of savings heatmaps: blue-orange is legible to the common colour-vision deficiencies. */
export const savingScheme = 'blueorange';
