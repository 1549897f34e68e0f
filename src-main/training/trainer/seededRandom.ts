/**
 * A seeded replacement for `Math.random` inside the training process. tfjs draws initialisers and
 * dropout masks from `Math.random` (when no seed is given), so a run is only repeatable, and a
 * resumed run only equals an uninterrupted one, if that source is seeded and its state is saved
 * with every checkpoint. Same generator as `media/sampling/rng.ts` (mulberry32), with its state exposed.
 */

/** mulberry32 whose 32-bit state can be read and restored. */
export class SeededRandom {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  /** Uniform in [0, 1); the same sequence as `mulberry32(seed)`. */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The state to store in a checkpoint. */
  get state(): number {
    return this.a;
  }

  set state(value: number) {
    this.a = value >>> 0;
  }
}

/**
 * Makes `Math.random` draw from a seeded generator (training process only: it is process-wide).
 * Returns the generator (for its state) and a function that puts the original back.
 */
export function installSeededMathRandom(seed: number): { rng: SeededRandom; restore(): void } {
  const rng = new SeededRandom(seed);
  const original = Math.random;
  Math.random = () => rng.next();
  return { rng, restore: () => { Math.random = original; } };
}
