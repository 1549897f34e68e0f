/**
 * Perceptual hashes of video frames for near-duplicate detection: pHash (Zauner 2010) of a 32x32
 * grey frame. A re-encoded, rescaled or slightly recompressed copy of a video keeps nearly the same
 * hashes (a few bits of 64 differ); unrelated content differs in about half the bits.
 */

/** Side of the grey frame a hash is computed from, pixels. */
export const HASH_SIZE = 32;
const K = 8;
const N = HASH_SIZE;

/** A 64-bit hash as two unsigned 32-bit halves `[hi, lo]` (JSON-friendly, cheap to compare). */
export type Hash64 = [number, number];

/** cos((2x + 1) u pi / 2N) for u < 8, x < 32: the low-frequency DCT-II basis. */
const COS = (() => {
  const t = new Float64Array(K * N);
  for (let u = 0; u < K; u++) for (let x = 0; x < N; x++) t[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
  return t;
})();

/** RGB (H x W x 3 uint8) to grey (H x W uint8) with the Rec. 601 weights. */
export function rgbToGray(rgb: Uint8Array, pixels: number, offset = 0): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, j = offset; i < pixels; i++, j += 3) out[i] = (77 * rgb[j]! + 150 * rgb[j + 1]! + 29 * rgb[j + 2]!) >> 8;
  return out;
}

/**
 * Whether a grey frame is (nearly) one flat colour (standard deviation under 3 grey levels): its
 * pHash is noise, so black frames, fades and title cards are left out of comparisons.
 */
export function isFlat(gray: Uint8Array): boolean {
  let s = 0;
  let s2 = 0;
  for (const v of gray) {
    s += v;
    s2 += v * v;
  }
  const mean = s / gray.length;
  return s2 / gray.length - mean * mean < 9;
}

/**
 * pHash of a 32x32 grey frame (row-major uint8): the top-left 8x8 block of its 2-D DCT-II, each
 * coefficient compared with the median of the 63 AC coefficients (bit set = above). Bit 8v+u of
 * the 64 (u = horizontal frequency) is bit (8v+u) % 32 of lo (v < 4) or hi (v >= 4).
 */
export function phash(gray: Uint8Array): Hash64 {
  if (gray.length !== N * N) throw new Error(`phash needs a ${N}x${N} grey frame, got ${gray.length} pixels`);
  const rows = new Float64Array(N * K); // rows[y * K + u] = sum_x f(y, x) cos_u(x)
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < K; u++) {
      let acc = 0;
      for (let x = 0; x < N; x++) acc += gray[y * N + x]! * COS[u * N + x]!;
      rows[y * K + u] = acc;
    }
  }
  const coef = new Float64Array(K * K); // coef[v * K + u]
  for (let v = 0; v < K; v++) {
    for (let u = 0; u < K; u++) {
      let acc = 0;
      for (let y = 0; y < N; y++) acc += rows[y * K + u]! * COS[v * N + y]!;
      coef[v * K + u] = acc;
    }
  }
  const ac = Array.from(coef.subarray(1)).sort((a, b) => a - b);
  const median = ac[31]!;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 64; i++) {
    if (!(coef[i]! > median)) continue;
    if (i < 32) lo |= 1 << i;
    else hi |= 1 << (i - 32);
  }
  return [hi >>> 0, lo >>> 0];
}

/** Set bits of a 32-bit integer. */
export function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Bits in which two hashes differ (0..64). */
export function hamming(a: Hash64, b: Hash64): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

/**
 * Distance between two clips from their frame hashes (each several frames, flat ones left out):
 * for each frame of one clip the nearest frame of the other, the median of those, taken both
 * ways, the larger. Robust to a few frames differing (a cut, a fade) and to small time shifts;
 * Infinity when either clip has no hash.
 */
export function clipDistance(a: readonly Hash64[], b: readonly Hash64[]): number {
  if (!a.length || !b.length) return Infinity;
  return Math.max(medianNearest(a, b), medianNearest(b, a));
}

function medianNearest(a: readonly Hash64[], b: readonly Hash64[]): number {
  const near = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) {
    let m = 64;
    for (const y of b) m = Math.min(m, hamming(a[i]!, y));
    near[i] = m;
  }
  near.sort((p, q) => p - q);
  return near[(near.length - 1) >> 1]!;
}

/**
 * Substring layout for multi-index hashing (Norouzi et al. 2012) of `entries` hashes at Hamming
 * radius `radius`: 64 bits cut into m substrings [start, length]; two hashes within `radius` agree
 * within floor(radius / m) bits on at least one substring (pigeonhole). m (3..8, so a substring has
 * at most 22 bits and its table can be addressed directly) minimises the expected work per query,
 * m x probes x (1 + entries / 2^length), probes = sum_{k <= r'} C(length, k).
 */
export function substringLayout(radius: number, entries: number): { parts: [number, number][]; subRadius: number } {
  let best: { parts: [number, number][]; subRadius: number; cost: number } | null = null;
  for (let m = 3; m <= 8; m++) {
    const parts: [number, number][] = [];
    let start = 0;
    for (let k = 0; k < m; k++) {
      const len = Math.floor(64 / m) + (k < 64 % m ? 1 : 0);
      parts.push([start, len]);
      start += len;
    }
    const subRadius = Math.floor(radius / m);
    const len = parts[0]![1];
    let probes = 0;
    for (let k = 0; k <= subRadius; k++) probes += binomial(len, k);
    const cost = m * probes * (1 + entries / 2 ** len);
    if (!best || cost < best.cost) best = { parts, subRadius, cost };
  }
  return { parts: best!.parts, subRadius: best!.subRadius };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Bits [start, start + len) of a hash (bit i of lo is bit i, of hi is bit 32 + i), len <= 32, as an unsigned number. */
export function substringOf(h: Hash64, start: number, len: number): number {
  const lo = h[1];
  const hi = h[0];
  let v: number;
  if (start >= 32) v = hi >>> (start - 32);
  else if (start + len <= 32) v = lo >>> start;
  else v = (lo >>> start) | (hi << (32 - start));
  return len >= 32 ? v >>> 0 : (v & ((1 << len) - 1)) >>> 0;
}

/** Every `len`-bit mask with at most `r` bits set, fewest bits first (XOR a key with each to visit its neighbours). */
export function flipMasks(len: number, r: number): number[] {
  const key = `${len}:${r}`;
  const known = maskCache.get(key);
  if (known) return known;
  const out: number[] = [];
  const rec = (from: number, left: number, mask: number): void => {
    out.push(mask >>> 0);
    if (!left) return;
    for (let b = from; b < len; b++) rec(b + 1, left - 1, mask | (1 << b));
  };
  rec(0, r, 0);
  out.sort((a, b) => popcount32(a) - popcount32(b) || a - b);
  maskCache.set(key, out);
  return out;
}

const maskCache = new Map<string, number[]>();
