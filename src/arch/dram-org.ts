// Cross-field checks of a resolved DRAM spec (a preset with overrides) beyond validateSpec's: the data rate
// agrees with the clock and burst timing (peak bandwidth computed both ways), a stated capacity equals channels × ranks × banks × rows × row bytes, and the
// controller's scheduler and address mapping name real ones (the analytic model never builds them, so an
// unchecked typo there would pass silently until someone switched to the cycle model).
import { capacityBytes, peakBytesPerNs, rowBytes, type DramSpec } from '../dram/spec.ts';
import { createMapping, mappingNames } from '../dram/mapping/index.ts';
import { schedulerFactory } from '../dram/scheduler/index.ts';

export interface OrgProblem {
  /** The key to blame, as a config or --set would name it. */
  key: string;
  message: string;
}

const gib = (bytes: number): string => (bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GiB` : `${bytes / 2 ** 20} MiB`);

export function organisationProblem(spec: DramSpec, statedCapacity?: number): OrgProblem | undefined {
  const o = spec.org;
  const fromTiming = peakBytesPerNs(spec);
  const fromRate = (o.channels * o.busWidth * spec.dataRate) / 8 / 1000;
  if (Math.abs(fromRate - fromTiming) > 0.01 * fromTiming) {
    return {
      key: 'dataRate',
      message: `${spec.dataRate} MT/s × ${o.busWidth} bits × ${o.channels} channels = ${fromRate.toFixed(1)} GB/s, but tCK_ns ${spec.tCK_ns}, BL ${spec.timing.BL} and burstLength ${o.burstLength} give ${fromTiming.toFixed(1)} GB/s; override them together`,
    };
  }
  if (statedCapacity !== undefined && statedCapacity !== capacityBytes(spec)) {
    const banks = o.bankGroups * o.banksPerGroup;
    return {
      key: 'capacity',
      message: `${gib(statedCapacity)} does not match the organisation of ${spec.name}: ${o.channels} channels × ${o.ranks} ranks × ${banks} banks × ${o.rows} rows × ${rowBytes(spec)} B per row (${o.columns} columns × ${o.busWidth} bits) = ${gib(capacityBytes(spec))}`,
    };
  }
  const named: Array<[string, string, () => unknown, string]> = [
    ['scheduler', spec.ctrl.scheduler, () => schedulerFactory(spec.ctrl.scheduler), ''],
    ['mapping', spec.ctrl.mapping, () => createMapping(spec, spec.ctrl.mapping), `${mappingNames().join(', ')} or `],
  ];
  for (const [key, value, build, names] of named) {
    try {
      build();
    } catch (e) {
      return { key, message: `"${value}": expected ${names}${(e as Error).message.replace(/^[^:]*: [^:]*: /, '')}` };
    }
  }
  return undefined;
}
