import { describe, expect, it } from 'vitest';
import { sliceWindows, windowEvents, type EventWindow, type WindowSpec } from '../../../../src-main/motion/dvs/frames/index.js';
import type { EventBatch } from '../../../../src-main/motion/dvs/types.js';
import { eventsOf, randomEvents } from './synth.js';

/** Events at t = 0, 1, ..., 99 µs (x = t). */
const ramp = eventsOf(Array.from({ length: 100 }, (_, t) => [t, t, 0, t % 2] as [number, number, number, number]));
const times = (w: EventWindow): number[] => Array.from(w.events.t);

/** The same events handed out in small batches of varying size. */
async function* inPieces(ev: EventBatch, sizes: number[]): AsyncGenerator<EventBatch> {
  for (let at = 0, k = 0; at < ev.length; k++) {
    const n = Math.min(sizes[k % sizes.length]!, ev.length - at);
    yield { t: ev.t.slice(at, at + n), x: ev.x.slice(at, at + n), y: ev.y.slice(at, at + n), p: ev.p.slice(at, at + n), length: n };
    at += n;
  }
}

async function collect(src: AsyncIterable<EventBatch>, spec: WindowSpec): Promise<EventWindow[]> {
  const out: EventWindow[] = [];
  for await (const w of windowEvents(src, spec)) out.push(w);
  return out;
}

describe('event windows', () => {
  it('by time: half-open [t0 + kS, t0 + kS + ΔT), floor((T − ΔT)/S) + 1 windows, overlap = ΔT − S', async () => {
    const ws = await sliceWindows(ramp, { by: 'time', windowUs: 20, strideUs: 15 });
    // T = 99: floor((99 − 20)/15) + 1 = 6 windows
    expect(ws.map((w) => [w.index, w.tStart, w.tEnd])).toEqual([0, 1, 2, 3, 4, 5].map((k) => [k, 15 * k, 15 * k + 20]));
    expect(times(ws[1]!)).toEqual(Array.from({ length: 20 }, (_, i) => 15 + i));
    expect(times(ws[0]!).filter((t) => times(ws[1]!).includes(t))).toEqual([15, 16, 17, 18, 19]);
    const all = await sliceWindows(ramp, { by: 'time', windowUs: 20, strideUs: 15, keepIncomplete: true });
    expect(all.map((w) => w.tStart)).toEqual([0, 15, 30, 45, 60, 75, 90]); // ceil(79/15) + 1 = 7
    expect(times(all[6]!)).toEqual(Array.from({ length: 10 }, (_, i) => 90 + i));
  });

  it('by time without a stride: back-to-back windows; empty stretches give empty windows; t0 is the first event', async () => {
    const ev = eventsOf([[1000, 0, 0, 1], [1004, 1, 0, 1], [1031, 2, 0, 0], [1042, 3, 0, 1]]);
    const ws = await sliceWindows(ev, { by: 'time', windowUs: 10 });
    expect(ws.map((w) => [w.tStart, times(w)])).toEqual([[1000, [1000, 1004]], [1010, []], [1020, []], [1030, [1031]]]);
  });

  it('by count: events [kS, kS + N), overlap N − S; the incomplete tail only when asked', async () => {
    const ws = await sliceWindows(ramp, { by: 'count', n: 30, stride: 20 });
    expect(ws.map((w) => [w.tStart, w.tEnd, w.events.length])).toEqual([[0, 29, 30], [20, 49, 30], [40, 69, 30], [60, 89, 30]]);
    const all = await sliceWindows(ramp, { by: 'count', n: 30, stride: 20, keepIncomplete: true });
    expect(all.map((w) => [w.tStart, w.events.length])).toEqual([[0, 30], [20, 30], [40, 30], [60, 30], [80, 20]]);
  });

  it('streams: any batching gives the same windows as one batch, and windows own their events', async () => {
    const ev = randomEvents(50_000, 64, 48, 5, 0, 7);
    for (const spec of [{ by: 'time', windowUs: 5000, strideUs: 2000 }, { by: 'count', n: 4096, stride: 1000 }] as WindowSpec[]) {
      const whole = await sliceWindows(ev, spec);
      const pieces = await collect(inPieces(ev, [1, 333, 7000, 65536]), spec);
      expect(pieces.length).toBe(whole.length);
      expect(pieces.length).toBeGreaterThan(10);
      pieces.forEach((w, i) => {
        expect([w.tStart, w.tEnd, w.events.length]).toEqual([whole[i]!.tStart, whole[i]!.tEnd, whole[i]!.events.length]);
        expect(Array.from(w.events.x)).toEqual(Array.from(whole[i]!.events.x));
      });
    }
  });

  it('rejects bad specs', async () => {
    await expect(sliceWindows(ramp, { by: 'time', windowUs: 0 })).rejects.toThrow();
    await expect(sliceWindows(ramp, { by: 'count', n: 1.5 })).rejects.toThrow();
  });
});
