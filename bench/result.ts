// One benchmark measurement, as every bench module returns them.
export interface BenchResult {
  name: string;
  metric: string;
  value: number;
  unit: string;
  target?: number;
  pass?: boolean;
  note?: string;
}
