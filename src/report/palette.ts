// Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008). Each rule keeps its colour in
// every chart, so a figure can be read against another without a legend lookup.
export const okabeIto = ['#0072B2', '#D55E00', '#009E73', '#E69F00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'];

const ruleOrder = ['bp', 'asap(k=2)', 'asap(k=4)', 'fa', 'as(k=2)', 'kp', 'dfa', 'as(k=4)'];

export function ruleColor(label: string): string {
  const i = ruleOrder.indexOf(label);
  return okabeIto[i >= 0 ? i : ruleOrder.length % okabeIto.length];
}

/** A Vega-Lite color scale that fixes every known rule's colour. */
export function ruleScale(labels: string[]): { domain: string[]; range: string[] } {
  return { domain: labels, range: labels.map(ruleColor) };
}
