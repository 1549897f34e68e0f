/**
 * Batches per-step losses into `runs:progress` 'iter' events: every step reaches the live curve,
 * yet a fast trainer (hundreds of steps a second) sends at most ~10 events a second over IPC.
 */
import type { LossPoint } from '../../ipc/contract.js';

/** Default minimum gap between two events, in milliseconds. */
export const LOSS_EVENT_MS = 100;

/** Collects losses and hands them to `send` in order, no more often than every `intervalMs`. */
export class LossBatcher {
  private pending: LossPoint[] = [];
  private iters = 0;
  private last = -Infinity;

  constructor(
    private readonly send: (points: LossPoint[], iters: number) => void,
    private readonly intervalMs = LOSS_EVENT_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Adds one step's loss; sends the batch when the gap has passed or `force` (an epoch's last
   * step), so a point waits at most one step past the gap and no timer needs an owner.
   */
  push(point: LossPoint, iters: number, force = false): void {
    this.pending.push(point);
    this.iters = iters;
    if (force || this.now() - this.last >= this.intervalMs) this.flush();
  }

  /** Sends whatever is pending (before an epoch event, and when the run ends however it ends). */
  flush(): void {
    if (!this.pending.length) return;
    const points = this.pending;
    this.pending = [];
    this.last = this.now();
    this.send(points, this.iters);
  }
}
