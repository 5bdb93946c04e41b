// sgd.update: one optimizer step of a parameter (W, bias, BN affine, or B taking W's gradient under
// KP/ASAP); the arithmetic lives in the optimizer so SGD and Adam share the op.
import type { Kernel } from './kernel.ts';

export const sgdUpdate: Kernel = (ev, ctx) => ctx.updater.update(ev.reads[0].id, ctx.read(0), ctx.read(1), ctx.read(2));
