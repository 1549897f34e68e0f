/**
 * Frame pairs with known motion, to measure flow accuracy (tests, benchmark): a smooth seeded
 * random texture, and the same texture moved by a translation, rotation or zoom about the image
 * centre, resampled with bilinear interpolation. Frames are Float32Array H x W, 0..255; the true
 * flow is Float32Array H x W x 2 (u right, v down), pixels per frame.
 */
import { mulberry32 } from '../../media/sampling/rng.js';

export { mulberry32 };

/** A global motion between two frames; rotation and zoom are about the image centre. */
export type SyntheticMotion =
  | { kind: 'translate'; dx: number; dy: number }
  | { kind: 'rotate'; degrees: number }
  | { kind: 'zoom'; scale: number };

/** A frame pair and its true flow. */
export interface SyntheticPair {
  width: number;
  height: number;
  prev: Float32Array;
  next: Float32Array;
  truth: Float32Array;
}


/** Smooth random texture W x H, 0..255: white noise blurred with a Gaussian of `sigma` px, stretched. */
export function smoothTexture(width: number, height: number, seed: number, sigma = 1.5): Float32Array {
  const rand = mulberry32(seed);
  const noise = new Float32Array(width * height);
  for (let i = 0; i < noise.length; i++) noise[i] = rand();
  const r = Math.ceil(3 * sigma);
  const k = new Float32Array(2 * r + 1);
  for (let i = -r; i <= r; i++) k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  const tmp = new Float32Array(noise.length);
  const out = new Float32Array(noise.length);
  const at = (v: number, n: number): number => (v < 0 ? -v : v >= n ? 2 * n - 2 - v : v); // reflect
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0, ws = 0;
      for (let i = -r; i <= r; i++) { s += k[i + r]! * noise[y * width + at(x + i, width)]!; ws += k[i + r]!; }
      tmp[y * width + x] = s / ws;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0, ws = 0;
      for (let i = -r; i <= r; i++) { s += k[i + r]! * tmp[at(y + i, height) * width + x]!; ws += k[i + r]!; }
      out[y * width + x] = s / ws;
    }
  }
  let lo = Infinity, hi = -Infinity;
  for (const v of out) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  for (let i = 0; i < out.length; i++) out[i] = (255 * (out[i]! - lo)) / (hi - lo || 1);
  return out;
}

/** Where the point at (x, y) of the first frame is in the second frame. */
function moved(m: SyntheticMotion, x: number, y: number, cx: number, cy: number): [number, number] {
  if (m.kind === 'translate') return [x + m.dx, y + m.dy];
  if (m.kind === 'zoom') return [cx + m.scale * (x - cx), cy + m.scale * (y - cy)];
  const a = (m.degrees * Math.PI) / 180;
  const dx = x - cx, dy = y - cy;
  return [cx + Math.cos(a) * dx - Math.sin(a) * dy, cy + Math.sin(a) * dx + Math.cos(a) * dy];
}

/** The inverse motion (where a point of the second frame came from). */
function inverse(m: SyntheticMotion): SyntheticMotion {
  if (m.kind === 'translate') return { kind: 'translate', dx: -m.dx, dy: -m.dy };
  if (m.kind === 'zoom') return { kind: 'zoom', scale: 1 / m.scale };
  return { kind: 'rotate', degrees: -m.degrees };
}

/** Bilinear sample of `img` (W x H) at real (x, y), clamping to the edge. */
function bilinearAt(img: Float32Array, width: number, height: number, x: number, y: number): number {
  const xc = Math.min(Math.max(x, 0), width - 1), yc = Math.min(Math.max(y, 0), height - 1);
  const x0 = Math.min(Math.floor(xc), width - 2), y0 = Math.min(Math.floor(yc), height - 2);
  const fx = xc - x0, fy = yc - y0;
  const i = y0 * width + x0;
  const top = img[i]! + fx * (img[i + 1]! - img[i]!);
  const bot = img[i + width]! + fx * (img[i + width + 1]! - img[i + width]!);
  return top + fy * (bot - top);
}

/**
 * A W x H pair: the first frame is the centre of a larger seeded texture (so the moved frame has
 * real texture at its borders too), the second the texture moved by `motion` (bilinear sampling).
 */
export function syntheticPair(width: number, height: number, motion: SyntheticMotion, seed = 1, sigma = 1.5): SyntheticPair {
  const margin = Math.ceil(Math.max(width, height) / 2);
  const tw = width + 2 * margin, th = height + 2 * margin;
  const tex = smoothTexture(tw, th, seed, sigma);
  const cx = (width - 1) / 2, cy = (height - 1) / 2;
  const back = inverse(motion);
  const prev = new Float32Array(width * height);
  const next = new Float32Array(width * height);
  const truth = new Float32Array(width * height * 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      prev[i] = tex[(y + margin) * tw + x + margin]!;
      const [sx, sy] = moved(back, x, y, cx, cy);
      next[i] = bilinearAt(tex, tw, th, sx + margin, sy + margin);
      const [mx, my] = moved(motion, x, y, cx, cy);
      truth[2 * i] = mx - x;
      truth[2 * i + 1] = my - y;
    }
  }
  return { width, height, prev, next, truth };
}
