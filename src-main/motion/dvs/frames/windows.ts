import { z } from 'zod';
import type { EventBatch } from '../types.js';
import { EventQueue } from './eventQueue.js';

/**
 * How a recording is cut into windows (spec §2, tonic `slicers.py`):
 * - by time: window k = [t₀ + k·strideUs, t₀ + k·strideUs + windowUs), half-open, t₀ = first event;
 *   overlap = windowUs − strideUs;
 * - by count: window k = events [k·stride, k·stride + n); overlap = n − stride.
 * Only complete windows (⌊(T − ΔT)/S⌋ + 1 of them) unless `keepIncomplete`, which adds the one
 * window running past the end (⌈(T − ΔT)/S⌉ + 1, at least one when there are events).
 */
export const windowSpecSchema = z.discriminatedUnion('by', [
  z.object({
    by: z.literal('time'),
    windowUs: z.number().positive().max(1e12),
    /** Start-to-start distance in µs; default = windowUs (no overlap). */
    strideUs: z.number().positive().max(1e12).optional(),
    keepIncomplete: z.boolean().default(false),
  }),
  z.object({
    by: z.literal('count'),
    n: z.number().int().positive(),
    /** Start-to-start distance in events; default = n (no overlap). */
    stride: z.number().int().positive().optional(),
    keepIncomplete: z.boolean().default(false),
  }),
]);

/** A window specification as given (stride optional). */
export type WindowSpec = z.input<typeof windowSpecSchema>;

/**
 * One window of events. Time windows: [tStart, tEnd) are the window bounds in µs. Count windows:
 * tStart/tEnd are the first and last event times (inclusive). `events` is owned by the window.
 */
export interface EventWindow {
  index: number;
  tStart: number;
  tEnd: number;
  events: EventBatch;
}

/**
 * Cuts a time-ordered event stream into windows as they complete (events are buffered only from
 * the oldest window still open), so any recording length streams through. Times must be
 * non-decreasing, as readers and the simulator produce them.
 */
export async function* windowEvents(batches: AsyncIterable<EventBatch>, spec: WindowSpec): AsyncGenerator<EventWindow> {
  const s = windowSpecSchema.parse(spec);
  const q = new EventQueue();
  if (s.by === 'count') {
    const stride = s.stride ?? s.n;
    let k = 0;
    const emit = (from: number, to: number): EventWindow => {
      const events = q.slice(from, to);
      return { index: k++, tStart: events.t[0]!, tEnd: events.t[events.length - 1]!, events };
    };
    for await (const b of batches) {
      q.push(b);
      while (k * stride + s.n <= q.end) {
        yield emit(k * stride, k * stride + s.n);
        q.dropBefore(k * stride);
      }
    }
    const total = q.end;
    if (s.keepIncomplete && total > 0 && (k === 0 || (k - 1) * stride + s.n < total) && k * stride < total) yield emit(k * stride, total);
    return;
  }
  const stride = s.strideUs ?? s.windowUs;
  let t0 = NaN, k = 0, tLast = -Infinity;
  const emit = (): EventWindow => {
    const tStart = t0 + k * stride, tEnd = tStart + s.windowUs;
    const from = q.lowerBound(tStart), to = q.lowerBound(tEnd, from);
    const w = { index: k++, tStart, tEnd, events: q.slice(from, to) };
    q.dropBefore(q.lowerBound(t0 + k * stride));
    return w;
  };
  for await (const b of batches) {
    if (b.length === 0) continue;
    if (Number.isNaN(t0)) t0 = b.t[0]!;
    q.push(b);
    tLast = b.t[b.length - 1]!;
    while (t0 + k * stride + s.windowUs <= tLast) yield emit();
  }
  if (s.keepIncomplete && !Number.isNaN(t0) && (k === 0 || t0 + (k - 1) * stride + s.windowUs < tLast)) yield emit();
}

/** Windows of an in-memory recording (tests, small files): {@link windowEvents} over one batch. */
export async function sliceWindows(events: EventBatch, spec: WindowSpec): Promise<EventWindow[]> {
  const out: EventWindow[] = [];
  for await (const w of windowEvents((async function* () { yield events; })(), spec)) out.push(w);
  return out;
}
