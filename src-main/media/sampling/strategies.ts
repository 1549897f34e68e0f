import { z } from 'zod';
import type { Rng } from './rng.js';

/**
 * What a strategy knows about a clip. Frame numbers are 0-based within the clip, counted the way
 * ffmpeg's decoder outputs them (the `select` filter's `n` after seeking to `start`).
 */
export interface ClipFrameMeta {
  /** Decoded frames in the clip. */
  frameCount: number;
  /** Frames per second (average; used only to turn seconds into a frame count). */
  fps: number;
  /** Clip length, seconds. */
  duration: number;
  /** Clip start inside the media, seconds. */
  start: number;
  /** Clip end inside the media, seconds; null = to the end of the media. */
  end: number | null;
}

/** One named way of choosing frames, registered once; its params are recorded with every run. */
export interface SamplingStrategy<P = unknown> {
  id: string;
  paramsSchema: z.ZodType<P>;
  describe(params: P): string;
  /** Whether `indices` uses the RNG with these params (if not, the seed is left out of cache keys). */
  usesRandom(params: P): boolean;
  /** Frame numbers (0-based in the clip, each < frameCount), in output order; may repeat when the clip is short. */
  indices(meta: ClipFrameMeta, params: P, rng: Rng): number[];
}

const strategies = new Map<string, SamplingStrategy<unknown>>();

/** Adds a strategy; each is registered once, at import. */
export function registerStrategy<P>(s: SamplingStrategy<P>): SamplingStrategy<P> {
  if (strategies.has(s.id)) throw new Error(`Sampling strategy ${s.id} is registered twice`);
  strategies.set(s.id, s as SamplingStrategy<unknown>);
  return s;
}

/** The strategy with this id, or an error listing the known ones. */
export function getStrategy(id: string): SamplingStrategy<unknown> {
  const s = strategies.get(id);
  if (!s) throw new Error(`Unknown sampling strategy "${id}"; known: ${[...strategies.keys()].join(', ')}`);
  return s;
}

/** Every registered strategy id (CLI help, UI pickers). */
export function strategyIds(): string[] {
  return [...strategies.keys()];
}

const count = z.number().int().min(1).max(100_000);
const clamp = (i: number, f: number): number => Math.min(Math.max(0, i), f - 1);

/** `n` frames at the centres of `n` equal parts of the first `f` frames: floor((i + 0.5) * f / n). */
export function evenly(n: number, f: number): number[] {
  return Array.from({ length: n }, (_, i) => clamp(Math.floor(((i + 0.5) * f) / n), f));
}

registerStrategy({
  id: 'uniform',
  paramsSchema: z.object({ n: count }).strict(),
  describe: (p) => `${p.n} frames evenly over the clip`,
  usesRandom: () => false,
  indices: (m, p) => evenly(p.n, m.frameCount),
});

registerStrategy({
  id: 'uniformFirstSeconds',
  paramsSchema: z.object({ n: count, seconds: z.number().positive() }).strict(),
  describe: (p) => `${p.n} frames evenly over the first ${p.seconds} s`,
  usesRandom: () => false,
  indices: (m, p) => {
    // Frames whose time is < `seconds` (fps from the probe; the whole clip when it is shorter).
    const rate = m.fps > 0 ? m.fps : m.frameCount / Math.max(m.duration, 1e-9);
    const f = Math.min(m.frameCount, Math.max(1, Math.round(p.seconds * rate)));
    return evenly(p.n, f);
  },
});

registerStrategy({
  id: 'middle',
  paramsSchema: z.object({}).strict(),
  describe: () => 'the middle frame',
  usesRandom: () => false,
  indices: (m) => [Math.floor(m.frameCount / 2)],
});

registerStrategy({
  id: 'everyKth',
  paramsSchema: z.object({ k: count, offset: z.number().int().min(0).default(0) }).strict(),
  describe: (p) => `every ${p.k}th frame from frame ${p.offset}`,
  usesRandom: () => false,
  indices: (m, p) => {
    const out: number[] = [];
    for (let i = p.offset; i < m.frameCount; i += p.k) out.push(i);
    return out.length ? out : [m.frameCount - 1];
  },
});

registerStrategy({
  id: 'consecutive',
  paramsSchema: z.object({ length: count, position: z.enum(['middle', 'random', 'start']).default('middle') }).strict(),
  describe: (p) => `${p.length} consecutive frames (${p.position})`,
  usesRandom: (p) => p.position === 'random',
  indices: (m, p, rng) => {
    const slack = Math.max(0, m.frameCount - p.length);
    const s = p.position === 'start' ? 0 : p.position === 'middle' ? Math.floor(slack / 2) : rng.int(slack + 1);
    return Array.from({ length: p.length }, (_, i) => clamp(s + i, m.frameCount));
  },
});

registerStrategy({
  id: 'tsnSegments',
  paramsSchema: z.object({ segments: count, length: count.default(1), random: z.boolean().default(false) }).strict(),
  describe: (p) => `${p.segments} segments x ${p.length} frame(s), ${p.random ? 'random offset (train)' : 'centred (test)'}`,
  usesRandom: (p) => p.random,
  indices: (m, p, rng) => {
    const f = m.frameCount;
    const out: number[] = [];
    for (let j = 0; j < p.segments; j++) {
      const base = Math.floor((j * f) / p.segments);
      const avail = Math.floor(((j + 1) * f) / p.segments) - base;
      const slack = Math.max(0, avail - p.length);
      const off = p.random ? rng.int(slack + 1) : Math.floor((slack + 1) / 2); // centred, like uniform
      for (let t = 0; t < p.length; t++) out.push(clamp(base + off + t, f));
    }
    return out;
  },
});
