// A complete Mapping from a loop order, tile sizes and array dataflow: DRAM traffic from the nest, buffer
// accesses (fills from DRAM, array reads/writes, partial sums re-read across reduction tiles, drains to
// DRAM), cycles and utilisation from the array, and the energy tie-break.
import type { ArrayDataflow, DataflowConstraint, HardwareBudget, LoopDim, Mapping, MatrixOp, OperandTraffic } from './mapper.ts';
import { loopDims, operandNames } from './mapper.ts';
import { nestTraffic, operandElements, tileBytes, tripsOf, type Tiles } from './nest.ts';
import { relevant, type Problem, type Space } from './problem.ts';
import { runNest } from './spatial.ts';

/** The space a named stationarity keeps. */
export function stationarySpace(p: Problem, flow: DataflowConstraint): Space | undefined {
  if (flow === 'search') return undefined;
  if (flow === 'weight-stationary') return 'filter';
  if (flow === 'output-stationary') return p.written;
  return 'window';
}

/** Does one tile of every operand fit (the weight-shaped one in the weight buffer when there is one)? */
export function fits(p: Problem, t: Tiles, hw: HardwareBudget): boolean {
  const w = tileBytes(p, t, 'window');
  const f = tileBytes(p, t, 'filter');
  const pl = tileBytes(p, t, 'plane');
  if (hw.weightBufferBytes !== undefined) return f <= hw.weightBufferBytes && w + pl <= hw.bufferBytes;
  return w + f + pl <= hw.bufferBytes;
}

export function energyOf(hw: HardwareBudget, bufferRead: number, bufferWrite: number, dram: number): number {
  const e = hw.energy ?? { bufferReadPerByte: 1, bufferWritePerByte: 1, dramPerByte: 1 };
  return bufferRead * e.bufferReadPerByte + bufferWrite * e.bufferWritePerByte + dram * e.dramPerByte;
}

export function evaluate(op: MatrixOp, p: Problem, order: readonly LoopDim[], t: Tiles, flow: ArrayDataflow, hw: HardwareBudget): Mapping {
  const traffic = nestTraffic(p, order, t);
  const run = runNest(p, t, flow, hw);
  const trips = tripsOf(p, t);
  const reductionTrips = loopDims.filter((d) => !relevant[p.written].includes(d)).reduce((a, d) => a * trips[d], 1);
  const operands = {} as Record<(typeof operandNames)[number], OperandTraffic>;
  let bufferRead = 0;
  let bufferWrite = 0;
  for (const role of operandNames) {
    const s = p.space[role];
    const e = p.elem[s];
    const tr = traffic[s];
    const bytes = operandElements(p, s) * e;
    // Each reduction tile after the first reads the partial sums back from the buffer before accumulating.
    const partialReads = s === p.written ? (reductionTrips - 1) * bytes : 0;
    const o: OperandTraffic = {
      bytes,
      dramRead: tr.dramRead,
      dramWrite: tr.dramWrite,
      passes: tr.factor,
      tileBytes: tileBytes(p, t, s),
      bufferRead: run.reads[s] * e + partialReads + tr.dramWrite,
      bufferWrite: run.writes[s] * e + tr.dramRead,
    };
    const tensor = op.tensors?.[role]?.id;
    if (tensor !== undefined) o.tensor = tensor;
    operands[role] = o;
    bufferRead += o.bufferRead;
    bufferWrite += o.bufferWrite;
  }
  const dramBytes = operandNames.reduce((a, r) => a + operands[r].dramRead + operands[r].dramWrite, 0);
  const pes = hw.array.rows * hw.array.columns * hw.macsPerPePerCycle;
  const tileText = loopDims.map((d) => `${p.labels[d]}${t[d]}`).join(' ');
  return {
    kind: op.kind,
    loopOrder: [...order],
    tiles: { ...t },
    dimLabels: { ...p.labels },
    arrayDataflow: flow,
    text: `order ${order.map((d) => p.labels[d]).join('>')} tiles ${tileText} R${p.R} S${p.S} array ${flow} ${hw.array.rows}x${hw.array.columns}`,
    operands,
    macs: p.macs,
    cycles: run.cycles,
    seconds: run.cycles / hw.clockHz,
    utilisation: run.cycles === 0 ? 0 : p.macs / (run.cycles * pes),
    dramBytes,
    energy: energyOf(hw, bufferRead, bufferWrite, dramBytes),
  };
}

/** Lexicographic objective: DRAM bytes, then energy, then cycles. */
export function better(a: Mapping, b: Mapping | undefined): boolean {
  if (!b) return true;
  if (a.dramBytes !== b.dramBytes) return a.dramBytes < b.dramBytes;
  if (a.energy !== b.energy) return a.energy < b.energy;
  return a.cycles < b.cycles;
}
