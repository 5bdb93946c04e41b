// A throwaway run that gives V8 type feedback for every path of the controller before the real run gets
// hot. TurboFan compiles a hot function for the paths it has seen taken; the first time a path it has not
// seen is taken (the first write, a drain switch, a refresh, a forwarded read) the optimized code is
// thrown away and compiled again. On the sequential bench trace (500k reads, then 500k writes) that was 13
// deoptimizations, most of them at the switch to writes, each followed by a recompile of a hot function.
// A few hundred synthetic requests on a controller of the same spec take all those paths while the code
// is still interpreted (a few ms), and the real run is then compiled once. The warm-up controller is
// discarded: nothing it does reaches the real run's state or output.
import { Controller } from './controller.ts';
import type { ControllerStats } from './stats.ts';
import { burstBytes, capacityBytes, type DramSpec } from '../spec.ts';
import { refreshInterval } from '../timing-rules.ts';
import type { RequestSource } from '../request-source.ts';
import { Prng } from '../../util/prng.ts';

/** Requests of the warm-up, in bursts arriving together (they fill the queues and trigger drain switches). */
const WARM_UP_REQUESTS = 640;
const BURST = 64;
const BURSTS = Math.ceil(WARM_UP_REQUESTS / BURST);
/** Of each burst's requests, this share repeats one of the last few addresses (row hits, forwarded reads). */
const REPEAT = 0.3;

class WarmUpSource implements RequestSource {
  addr = 0;
  write = false;
  arrival = 0;
  private i = 0;
  private readonly random = new Prng(1);
  private readonly recent: number[] = [];
  private readonly lines: number;

  constructor(
    capacity: number,
    private readonly burstBytes: number,
    private readonly gap: number,
    private readonly idleGap: number,
  ) {
    this.lines = Math.floor(capacity / burstBytes);
  }

  next(): boolean {
    if (this.i >= WARM_UP_REQUESTS) return false;
    const i = this.i++;
    if (this.recent.length > 0 && this.random.next() < REPEAT) this.addr = this.recent[this.random.int(this.recent.length)];
    else this.addr = this.random.int(this.lines) * this.burstBytes;
    this.recent.push(this.addr);
    if (this.recent.length > 8) this.recent.shift();
    this.write = this.random.next() < 0.5;
    const burst = Math.floor(i / BURST);
    // the last burst comes after a long idle gap: the closed-form refresh skip runs too
    this.arrival = burst * this.gap + (burst === BURSTS - 1 ? this.idleGap : 0);
    return true;
  }
}

/** Runs a discarded controller of `spec` over a short synthetic request stream; returns its counts (for tests). */
export function warmUp(spec: DramSpec): ControllerStats {
  const interval = refreshInterval(spec);
  // the bursts span about three refresh intervals, so refreshes fall among queued requests
  const gap = Math.max(1, Math.ceil((3 * interval) / BURSTS));
  const c = new Controller(spec);
  c.run(new WarmUpSource(capacityBytes(spec), burstBytes(spec), gap, 6 * interval));
  return c.stats;
}
