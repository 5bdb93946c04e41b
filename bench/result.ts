// One benchmark measurement, as every bench module returns them.
export interface BenchResult {
  name: string;
  metric: string;
  value: number;
  unit: string;
  /** The target, as a number (compared by the module) or a phrase ("< 60 s"). */
  target?: number | string;
  pass?: boolean;
  note?: string;
}
