/** A seeded random source, so every random choice in sampling (offsets, crops) can be repeated from the recorded seed. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n) (0 when n <= 1). */
  int(n: number): number;
}

/**
 * mulberry32: a tiny seeded PRNG, uniform in [0, 1); same seed, same sequence, on every platform.
 * The one copy every seeded choice in the app uses (sampling, demo textures, splits, synthetic flow).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded source with an integer helper, for sampling offsets and crops. */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  return { next, int: (n) => (n <= 1 ? 0 : Math.floor(next() * n)) };
}

/**
 * A per-item seed from the run's seed and a stable item key (e.g. media fingerprint + trim), so a
 * clip gets the same random frames whichever worker handles it and in whatever order (FNV-1a 32).
 */
export function deriveSeed(seed: number, key: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
