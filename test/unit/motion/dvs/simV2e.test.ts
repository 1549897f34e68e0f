import { describe, expect, it } from 'vitest';
import { linLog } from '../../../../src-main/motion/dvs/simulator/logImage.js';
import { makeFrames, perPixel, simulateAll } from './simHelpers.js';

const QUIET = { model: 'v2e', sigma: 0, cutoffHz: 0, leakRateHz: 0, shotNoiseRateHz: 0, refractoryUs: 0 };
const FPS = 30;
const frameUs = (k: number): number => Math.round((k * 1e6) / FPS);
const sum = (a: Int32Array): number => a.reduce((s, v) => s + v, 0);

describe('v2e-style DVS model', () => {
  it('without noise: a moving edge fires only where it passes, with its polarity, floor(Δ lin_log / θ) events per pixel', async () => {
    const W = 30, H = 4;
    const frames = makeFrames(W, H, 10, (x, _y, k) => (x < 5 + 2 * k ? 180 : 30));
    const ev = await simulateAll(frames, QUIET, W, H, FPS);
    const n = Math.floor((linLog(180) - linLog(30)) / 0.2);
    const { on, off } = perPixel(ev, W, H);
    expect(sum(off)).toBe(0);
    for (let x = 0; x < W; x++) expect(on[2 * W + x], `x=${x}`).toBe(x >= 5 && x < 23 ? n : 0);
  });

  it('with threshold mismatch the mean count still follows Δ/θ (within 10%), and a static video stays silent', async () => {
    const W = 64, H = 16;
    const step = makeFrames(W, H, 2, (_x, _y, k) => (k === 0 ? 30 : 200));
    const ev = await simulateAll(step, { ...QUIET, sigma: 0.03, seed: 3 }, W, H, FPS);
    const mean = ev.length / (W * H);
    expect(Math.abs(mean - (linLog(200) - linLog(30)) / 0.2) / mean).toBeLessThan(0.1);
    const still = makeFrames(W, H, 1, (x, y) => (x * 13 + y * 29) % 256)[0]!;
    const none = await simulateAll(Array.from({ length: 20 }, () => still), { ...QUIET, sigma: 0.05, cutoffHz: 300, refractoryUs: 500 }, W, H, FPS);
    expect(none.length).toBe(0);
  });

  it('is deterministic for a seed (noise, mismatch and all) and changes with the seed', async () => {
    const W = 32, H = 12;
    const frames = makeFrames(W, H, 20, (x, y, k) => 60 + 100 * Math.sin((x + y + k) / 4) ** 2);
    const noisy = { model: 'v2e', sigma: 0.05, leakRateHz: 1, shotNoiseRateHz: 3, seed: 7 };
    const a = await simulateAll(frames, noisy, W, H), b = await simulateAll(frames, noisy, W, H);
    const c = await simulateAll(frames, { ...noisy, seed: 8 }, W, H);
    expect(a.length).toBeGreaterThan(100);
    expect([Array.from(b.t), Array.from(b.x), Array.from(b.y), Array.from(b.p)]).toEqual([Array.from(a.t), Array.from(a.x), Array.from(a.y), Array.from(a.p)]);
    expect(Array.from(c.t)).not.toEqual(Array.from(a.t));
  });

  it('shot noise fires at the configured rate, R·(1 − 0.75·inten01) with inten01 = (I + 20)/275, half ON, half OFF', async () => {
    const W = 64, H = 64, rate = 5;
    const halves = makeFrames(W, H, 1, (x) => (x < W / 2 ? 0 : 255))[0]!; // left dark, right white
    const ev = await simulateAll(Array.from({ length: 301 }, () => halves), { ...QUIET, shotNoiseRateHz: rate }, W, H, FPS);
    const dark = Array.from(ev.x).filter((x) => x < W / 2).length, bright = ev.length - dark;
    const expected = (inten: number): number => rate * (1 - 0.75 * ((inten + 20) / 275)) * (W * H / 2) * 10;
    expect(Math.abs(dark - expected(0)) / expected(0)).toBeLessThan(0.01);
    expect(Math.abs(bright - expected(255)) / expected(255)).toBeLessThan(0.02);
    const on = ev.p.reduce((s, p) => s + p, 0);
    expect(Math.abs(on / ev.length - 0.5)).toBeLessThan(0.01);
  });

  it('leak fires ON events at the leak rate: every pixel once per 1/R s without jitter, R·E[r] on average with it', async () => {
    const W = 32, H = 32, rate = 2;
    const grey = new Uint8Array(W * H).fill(128);
    const frames = Array.from({ length: 301 }, () => grey); // 10 s
    const exact = await simulateAll(frames, { ...QUIET, leakRateHz: rate, leakJitter: 0, rateCovDecades: 0 }, W, H, FPS);
    const { on, off } = perPixel(exact, W, H);
    expect(sum(off)).toBe(0);
    expect(new Set(on)).toEqual(new Set([20]));
    const times = Array.from(exact.t).filter((_, i) => exact.x[i] === 3 && exact.y[i] === 5);
    times.slice(1).forEach((t, i) => expect(Math.abs(t - times[i]! - 500_000)).toBeLessThanOrEqual(2));
    const jittered = await simulateAll(frames, { ...QUIET, leakRateHz: rate, seed: 11 }, W, H, FPS);
    const expected = W * H * (rate * 10 * Math.exp((0.1 * Math.LN10) ** 2 / 2) - 0.5);
    expect(Math.abs(jittered.length - expected) / expected).toBeLessThan(0.05);
  });

  it('respects the refractory period, and L_ref moves only by emitted events (the rest fire later)', async () => {
    const W = 4, H = 2, refractoryUs = 5000;
    const frames = makeFrames(W, H, 40, (_x, _y, k) => (k === 0 ? 0 : 255));
    const all = Math.floor(linLog(255) / 0.2);
    const free = await simulateAll(frames, QUIET, W, H, FPS);
    const ev = await simulateAll(frames, { ...QUIET, refractoryUs }, W, H, FPS);
    expect(free.length).toBe(all * W * H);
    const first = Array.from(ev.t).filter((t, i) => t <= frameUs(1) && ev.x[i] === 0 && ev.y[i] === 0).length;
    expect(first).toBeLessThan(all / 3);
    const last = new Map<number, number>();
    for (let i = 0; i < ev.length; i++) {
      const px = ev.y[i]! * W + ev.x[i]!;
      if (last.has(px)) expect(ev.t[i]! - last.get(px)!).toBeGreaterThan(refractoryUs);
      last.set(px, ev.t[i]!);
    }
    expect(ev.length).toBe(all * W * H);
  });

  it("'even' timing spaces the k-th event of every pixel at t_prev + k·Δt/N (v2e), N = the largest count", async () => {
    const frames = [new Uint8Array([30, 30]), new Uint8Array([240, 86])]; // ~10 and ~5 events
    const ev = await simulateAll(frames, { ...QUIET, timing: 'even' }, 2, 1, FPS);
    const n0 = Math.floor((linLog(240) - linLog(30)) / 0.2), n1 = Math.floor((linLog(86) - linLog(30)) / 0.2);
    expect([n0, n1]).toEqual([10, 5]);
    const t1 = Array.from(ev.t).filter((_, i) => ev.x[i] === 1);
    expect(t1).toEqual(Array.from({ length: n1 }, (_, k) => Math.round(((k + 1) * frameUs(1)) / n0)));
  });
});
