/**
 * Calls `fn` with the latest value at most once per `intervalMs`, always delivering the last value
 * (trailing edge), so a burst of progress reports becomes at most ~1000/intervalMs UI events.
 */
export class Throttle<T> {
  private last = 0;
  private pending: T | undefined;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs: number, private readonly fn: (value: T) => void) {}

  push(value: T): void {
    const now = Date.now();
    if (now - this.last >= this.intervalMs && !this.timer) {
      this.last = now;
      this.fn(value);
      return;
    }
    this.pending = value;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(0, this.intervalMs - (now - this.last)));
    }
  }

  /** Delivers a pending value now (e.g. before the job's final state is written). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending !== undefined) {
      const v = this.pending;
      this.pending = undefined;
      this.last = Date.now();
      this.fn(v);
    }
  }

  /** Drops any pending value and timer. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = undefined;
  }
}
