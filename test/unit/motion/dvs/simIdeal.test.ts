import { describe, expect, it } from 'vitest';
import { EventSink } from '../../../../src-main/motion/dvs/simulator/index.js';
import { lnI, makeFrames, perPixel, simulateAll } from './simHelpers.js';

const W = 40, H = 6, FPS = 30;
const frameUs = (k: number): number => Math.round((k * 1e6) / FPS);
/** A vertical edge at x = 10 + 2k moving right: bright (200) left of it, dark (40) right of it (or swapped). */
const edge = (brightLeft: boolean) => makeFrames(W, H, 12, (x, _y, k) => ((x < 10 + 2 * k) === brightLeft ? 200 : 40));

describe('ideal DVS model', () => {
  it('a moving edge fires only at the pixels it crosses, ON where it brightens, |Δln I|/C events each, between the two frames', async () => {
    const ev = await simulateAll(edge(true), { model: 'ideal', thresholdOn: 0.2, thresholdOff: 0.2 }, W, H, FPS);
    const expected = Math.floor((lnI(200) - lnI(40)) / 0.2);
    expect(expected).toBe(8);
    const { on, off } = perPixel(ev, W, H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        expect(off[y * W + x]).toBe(0);
        expect(on[y * W + x], `pixel ${x},${y}`).toBe(x >= 10 && x < 32 ? expected : 0);
      }
    }
    for (let i = 0; i < ev.length; i++) {
      const k = Math.floor((ev.x[i]! - 10) / 2) + 1; // the edge passes column x between frames k-1 and k
      expect(ev.t[i]).toBeGreaterThan(frameUs(k - 1));
      expect(ev.t[i]).toBeLessThanOrEqual(frameUs(k));
      if (i > 0) expect(ev.t[i]).toBeGreaterThanOrEqual(ev.t[i - 1]!);
    }
  });

  it('the edge moving the other way gives OFF events only, same count', async () => {
    const ev = await simulateAll(edge(false), { model: 'ideal' }, W, H, FPS);
    const { on, off } = perPixel(ev, W, H);
    expect(on.every((n) => n === 0)).toBe(true);
    expect(off[3 * W + 20]).toBe(8);
    expect(off.reduce((a, b) => a + b, 0)).toBe(8 * 22 * H);
  });

  it('several crossings in one interval get linearly interpolated times', async () => {
    // One step from 40 to 200 (Δ = ln I difference): level 0.2k is crossed at fraction 0.2k / Δ of the interval.
    const frames = makeFrames(1, 1, 2, (_x, _y, k) => (k === 0 ? 40 : 200));
    const ev = await simulateAll(frames, { model: 'ideal' }, 1, 1, FPS);
    const delta = lnI(200) - lnI(40);
    expect(Array.from(ev.t)).toEqual(Array.from({ length: 8 }, (_, k) => Math.round(((0.2 * (k + 1)) / delta) * frameUs(1))));
  });

  it('a brightness ramp fires at the rate the threshold predicts: (d ln I/dt) / C events per second', async () => {
    const frames = makeFrames(3, 2, 61, (_x, _y, k) => 30 * Math.exp(0.04 * k)); // ln I rises 0.04 per frame = 1.2 per s
    const ev = await simulateAll(frames, { model: 'ideal', thresholdOn: 0.2 }, 3, 2, FPS);
    const total = Math.floor((lnI(frames[60]![0]!) - lnI(frames[0]![0]!)) / 0.2);
    const { on } = perPixel(ev, 3, 2);
    expect(Array.from(on)).toEqual(new Array(6).fill(total));
    const times = Array.from(ev.t).filter((_, i) => ev.x[i] === 1 && ev.y[i] === 1);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const predicted = (0.2 / 1.2) * 1e6; // µs between events
    for (const g of gaps) expect(Math.abs(g - predicted) / predicted).toBeLessThan(0.15);
  });

  it('a static video (textured, no noise) produces no events', async () => {
    const still = makeFrames(W, H, 1, (x, y) => (x * 37 + y * 91) % 256)[0]!;
    const ev = await simulateAll(Array.from({ length: 15 }, () => still), { model: 'ideal', thresholdOn: 0.05, thresholdOff: 0.05 }, W, H);
    expect(ev.length).toBe(0);
  });

  it('log-frame upsampling keeps the same events on piecewise-linear input', async () => {
    const a = await simulateAll(edge(true), { model: 'ideal' }, W, H, FPS);
    const b = await simulateAll(edge(true), { model: 'ideal', upsample: 4 }, W, H, FPS);
    const key = (e: typeof a) => Array.from({ length: e.length }, (_, i) => (e.y[i]! * W + e.x[i]!) * 1e8 + e.t[i]!).sort((p, q) => p - q);
    const ka = key(a), kb = key(b);
    expect(kb.length).toBe(ka.length);
    ka.forEach((v, i) => expect(Math.abs(v - kb[i]!)).toBeLessThanOrEqual(1));
  });

  it('rejects unknown options and models by name', async () => {
    await expect(simulateAll(edge(true), { model: 'ideal', sigma: 0.1 }, W, H)).rejects.toThrow(/Invalid ideal options: Unrecognized key: "sigma"/);
    await expect(simulateAll(edge(true), { model: 'esim' }, W, H)).rejects.toThrow(/Unknown DVS simulation model "esim": use one of ideal, v2e/);
  });
});

describe('EventSink', () => {
  it('sorts an interval by time, stably (ties keep insertion order)', () => {
    const s = new EventSink();
    const rows = [[105, 1], [100, 2], [105, 3], [101, 4], [100, 5]] as const;
    for (const [t, x] of rows) s.push(t, x, 0, 1);
    const b = s.takeSorted(100, 105);
    expect(Array.from(b.t)).toEqual([100, 100, 101, 105, 105]);
    expect(Array.from(b.x)).toEqual([2, 5, 4, 1, 3]);
    expect(s.length).toBe(0);
    for (let i = 0; i < 10_000; i++) s.push(200 + (i % 7), i % 65536, 0, 0);
    expect(s.takeSorted(200, 206).length).toBe(10_000);
  });
});
