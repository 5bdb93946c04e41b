// Every modelling choice that moves the answer, as printed at the head of explain's (and compare's) output.
import type { ArchConfig } from '../../arch/schema.ts';
import { archDramName } from '../../arch/dram-spec.ts';
import type { ExplainWorkload } from './run.ts';

export interface Choice {
  choice: string;
  value: string;
}

const kib = (b: number) => (b >= 1 << 20 ? `${b / (1 << 20)} MiB` : `${b / 1024} KiB`);

export function choicesOf(a: ArchConfig, w: ExplainWorkload, dramModel?: string): Choice[] {
  const dtypes = Object.entries(a.dtypes)
    .map(([r, t]) => `${r}=${t}`)
    .join(', ');
  return [
    { choice: 'workload', value: `${w.model} ×${w.width}, input ${w.inputShape.join('x')}, ${w.classes} classes, batch ${w.batch}` },
    {
      choice: 'buffer',
      value: `${kib(a.buffer.capacity)}, block ${kib(a.buffer.block)}, ${a.buffer.bandwidth / 1e9} GB/s, replacement ${a.buffer.replacement}`,
    },
    {
      choice: 'weight buffer',
      value: a.weight_buffer ? `${kib(a.weight_buffer.capacity)}, ${a.weight_buffer.bandwidth / 1e9} GB/s` : 'none (one global buffer)',
    },
    {
      choice: 'DRAM',
      value: `${archDramName(a.dram)}, ${a.dram.bandwidth / 1e9} GB/s, mode ${dramModel ?? a.dram.model}, efficiency ${a.dram.efficiency}, mapping ${a.dram.overrides.mapping ?? "the preset's"}`,
    },
    { choice: 'mapping', value: `dataflow ${a.dataflow}, lowering ${a.lowering}` },
    {
      choice: 'fusion',
      value: `fuse_adjacent ${a.residency.fuse_adjacent}, extra passes ${a.fusion.extra_passes}, BN statistics ${a.fusion.bn_statistics}, write-through ${a.fusion.write_through}`,
    },
    { choice: 'residency', value: `pin [${a.residency.pin.join(', ')}] in ${kib(a.residency.pin_capacity)}, bypass [${a.residency.bypass.join(', ')}]` },
    { choice: 'stash policy', value: a.stash },
    { choice: 'ASAP knobs', value: `shared_stash ${a.asap.shared_stash}, feedback_update ${a.asap.feedback_update}, share_schedule ${a.asap.share_schedule}` },
    { choice: 'dtypes', value: `fp32 values, 1-bit masks, int8/int64 argmax${dtypes ? `; overrides ${dtypes}` : ''}` },
    { choice: 'optimizer', value: 'SGD with momentum (one momentum tensor per learned parameter, B included under own-momentum)' },
  ];
}
