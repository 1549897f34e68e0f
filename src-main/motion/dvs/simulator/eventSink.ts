import type { EventBatch } from '../types.js';

/**
 * Growable struct-of-arrays buffer the simulator models append one frame interval's events to
 * (in pixel scan order, times already rounded to whole µs). `sorted` then orders them by time with
 * a counting sort over the interval's µs (O(n + Δt), stable: ties keep scan order), so the output
 * is time-ordered and identical run after run.
 */
export class EventSink {
  t = new Float64Array(4096);
  x = new Uint16Array(4096);
  y = new Uint16Array(4096);
  p = new Uint8Array(4096);
  length = 0;
  private buckets = new Uint32Array(0);

  /** Appends one event: `t` whole µs, `p` 1 = ON, 0 = OFF. */
  push(t: number, x: number, y: number, p: number): void {
    if (this.length === this.t.length) this.grow();
    const i = this.length++;
    this.t[i] = t; this.x[i] = x; this.y[i] = y; this.p[i] = p;
  }

  /** Forgets the events (keeps the memory). */
  clear(): void {
    this.length = 0;
  }

  /**
   * The events as a new batch sorted by t; every t must lie in [t0, t1] (whole µs). Clears the
   * sink. Shape: EventBatch of `length` events (the batch owns its arrays).
   */
  takeSorted(t0: number, t1: number): EventBatch {
    const n = this.length;
    const out: EventBatch = { t: new Float64Array(n), x: new Uint16Array(n), y: new Uint16Array(n), p: new Uint8Array(n), length: n };
    const span = t1 - t0 + 1;
    if (!(span >= 1 && Number.isInteger(span))) throw new Error(`EventSink: bad interval [${t0}, ${t1}]`);
    if (this.buckets.length < span + 1) this.buckets = new Uint32Array(span + 1);
    const c = this.buckets;
    c.fill(0, 0, span + 1);
    for (let i = 0; i < n; i++) {
      const k = this.t[i]! - t0;
      if (!(k >= 0 && k < span)) throw new Error(`EventSink: event time ${this.t[i]} outside [${t0}, ${t1}]`);
      c[k + 1]!++;
    }
    for (let k = 1; k <= span; k++) c[k]! += c[k - 1]!;
    for (let i = 0; i < n; i++) {
      const j = c[this.t[i]! - t0]!++;
      out.t[j] = this.t[i]!; out.x[j] = this.x[i]!; out.y[j] = this.y[i]!; out.p[j] = this.p[i]!;
    }
    this.length = 0;
    return out;
  }

  private grow(): void {
    const n = this.t.length * 2;
    const t = new Float64Array(n), x = new Uint16Array(n), y = new Uint16Array(n), p = new Uint8Array(n);
    t.set(this.t); x.set(this.x); y.set(this.y); p.set(this.p);
    this.t = t; this.x = x; this.y = y; this.p = p;
  }
}

/** Joins small batches into ones of at least `min` events (the last may be shorter); empty ones vanish. */
export async function* coalesce(batches: AsyncIterable<EventBatch>, min: number): AsyncGenerator<EventBatch> {
  let parts: EventBatch[] = [];
  let count = 0;
  for await (const b of batches) {
    if (b.length === 0) continue;
    parts.push(b);
    count += b.length;
    if (count >= min) {
      yield concatBatches(parts, count);
      parts = [];
      count = 0;
    }
  }
  if (count > 0) yield concatBatches(parts, count);
}

/** One batch holding `parts` back to back (`count` = their total length). */
export function concatBatches(parts: readonly EventBatch[], count = parts.reduce((n, b) => n + b.length, 0)): EventBatch {
  if (parts.length === 1 && parts[0]!.length === parts[0]!.t.length) return parts[0]!;
  const out: EventBatch = { t: new Float64Array(count), x: new Uint16Array(count), y: new Uint16Array(count), p: new Uint8Array(count), length: count };
  let at = 0;
  for (const b of parts) {
    out.t.set(b.t.subarray(0, b.length), at); out.x.set(b.x.subarray(0, b.length), at);
    out.y.set(b.y.subarray(0, b.length), at); out.p.set(b.p.subarray(0, b.length), at);
    at += b.length;
  }
  return out;
}
