import { concatBatches, simulateFrames } from '../../../../src-main/motion/dvs/simulator/index.js';
import type { EventBatch } from '../../../../src-main/motion/dvs/types.js';

/**
 * Test-only synthetic videos for the simulator: grey frames (Uint8Array H x W) built from a
 * function of (x, y, frame), and a helper that runs a model over them and joins the events.
 */

/** `count` frames of width x height, pixel value `f(x, y, k)` (rounded, clamped to 0..255). */
export function makeFrames(width: number, height: number, count: number, f: (x: number, y: number, k: number) => number): Uint8Array[] {
  return Array.from({ length: count }, (_, k) => {
    const frame = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) frame[y * width + x] = Math.max(0, Math.min(255, Math.round(f(x, y, k))));
    return frame;
  });
}

/** All events of a simulation as one batch (time-ordered). */
export async function simulateAll(frames: Uint8Array[], params: Record<string, unknown>, width: number, height: number, fps = 30): Promise<EventBatch> {
  const parts: EventBatch[] = [];
  for await (const b of simulateFrames(frames, params, { width, height, fps })) parts.push(b);
  return concatBatches(parts);
}

/** Events per pixel, split by polarity: `on[y*W+x]`, `off[y*W+x]`. */
export function perPixel(ev: EventBatch, width: number, height: number): { on: Int32Array; off: Int32Array } {
  const on = new Int32Array(width * height), off = new Int32Array(width * height);
  for (let i = 0; i < ev.length; i++) (ev.p[i] ? on : off)[ev.y[i]! * width + ev.x[i]!]!++;
  return { on, off };
}

/** The simulator's ideal log: ln(I/255 + eps). */
export const lnI = (v: number, eps = 1e-3): number => Math.log(v / 255 + eps);
