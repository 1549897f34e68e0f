import type { EventBatch } from '../types.js';

/**
 * A FIFO of events (struct of arrays) for windowing a stream: batches are appended at the tail,
 * the head is dropped once no later window needs it. Indices are global (counted from the first
 * event ever appended), so count windows and time searches share one addressing.
 */
export class EventQueue {
  private t = new Float64Array(1 << 16);
  private x = new Uint16Array(1 << 16);
  private y = new Uint16Array(1 << 16);
  private p = new Uint8Array(1 << 16);
  private head = 0;
  private tail = 0;
  /** Global index of the event at `head`. */
  private base = 0;

  /** Global index one past the last event appended (= events appended so far). */
  get end(): number {
    return this.base + this.tail - this.head;
  }

  /** Global index of the oldest event still held. */
  get start(): number {
    return this.base;
  }

  /** Time of the event at global index g (must be held). */
  timeAt(g: number): number {
    return this.t[this.head + g - this.base]!;
  }

  /** Appends the batch's events. */
  push(b: EventBatch): void {
    const n = b.length;
    if (this.tail + n > this.t.length) this.makeRoom(n);
    this.t.set(b.t.subarray(0, n), this.tail); this.x.set(b.x.subarray(0, n), this.tail);
    this.y.set(b.y.subarray(0, n), this.tail); this.p.set(b.p.subarray(0, n), this.tail);
    this.tail += n;
  }

  /** Forgets every event before global index g. */
  dropBefore(g: number): void {
    const k = Math.min(Math.max(g - this.base, 0), this.tail - this.head);
    this.head += k;
    this.base += k;
  }

  /** First global index in [from, end) whose t >= time (binary search; times non-decreasing), else end. */
  lowerBound(time: number, from = this.base): number {
    let lo = Math.max(from, this.base) - this.base + this.head, hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head + this.base;
  }

  /** A copy of the events with global indices [from, to) as an owned batch. */
  slice(from: number, to: number): EventBatch {
    const a = from - this.base + this.head, b = to - this.base + this.head;
    return { t: this.t.slice(a, b), x: this.x.slice(a, b), y: this.y.slice(a, b), p: this.p.slice(a, b), length: b - a };
  }

  private makeRoom(n: number): void {
    const held = this.tail - this.head;
    let cap = this.t.length;
    while (held + n > cap) cap *= 2;
    const move = <T extends Float64Array | Uint16Array | Uint8Array>(a: T, make: (len: number) => T): T => {
      if (cap === a.length) { a.copyWithin(0, this.head, this.tail); return a; }
      const b = make(cap);
      b.set(a.subarray(this.head, this.tail));
      return b;
    };
    this.t = move(this.t, (l) => new Float64Array(l)); this.x = move(this.x, (l) => new Uint16Array(l));
    this.y = move(this.y, (l) => new Uint16Array(l)); this.p = move(this.p, (l) => new Uint8Array(l));
    this.head = 0;
    this.tail = held;
  }
}
