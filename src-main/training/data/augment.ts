/**
 * Training-time augmentation of one view, seeded per (seed, epoch, batch, row) so a resumed run
 * sees exactly the same pixels. Reads a view [H, W, C] or [N, H, W, C] float32 and writes a new
 * one of the same shape:
 * - random crop: a square-ish window of `scale` x the side at a random place, resized back
 *   (bilinear); flow values are multiplied by the zoom so they stay pixels per frame;
 * - horizontal flip (p = 0.5): columns mirrored, and for flow inputs every u (even channel) negated;
 * - brightness offset and contrast factor around the view's mean (RGB inputs only), clamped to 0-1.
 * The draws are per row, so the paired inputs of one row (two streams of a clip) get the same
 * crop and flip. Child-process safe (no I/O).
 */
import { createRng, deriveSeed } from '../../media/sampling/rng.js';
import type { AugmentConfig } from '../run/config.js';
import type { ManifestInput } from './types.js';

/** What one row gets: the same for every input of the row. */
export interface RowAugment {
  flip: boolean;
  /** Crop window: fraction of the side, and where (0-1 of the free range); null = none. */
  crop: { scale: number; fx: number; fy: number } | null;
  /** Added to RGB values (0-1 units). */
  brightness: number;
  /** RGB values scaled around the view's mean by this. */
  contrast: number;
}

/** The augmentation of a row, a pure function of (config, seed, epoch, batch index, row). */
export function drawAugment(cfg: AugmentConfig, seed: number, epoch: number, batchIndex: number, row: number): RowAugment {
  const rng = createRng(deriveSeed(seed, `augment:${epoch}:${batchIndex}:${row}`));
  // Always draw everything in one order, so switching one option does not change the others' draws.
  const flip = rng.next() < 0.5, s = rng.next(), fx = rng.next(), fy = rng.next(), b = rng.next(), c = rng.next();
  const crop = cfg.randomCrop ? { scale: cfg.randomCrop.scale[0] + s * (cfg.randomCrop.scale[1] - cfg.randomCrop.scale[0]), fx, fy } : null;
  return { flip: cfg.flip && flip, crop, brightness: (2 * b - 1) * cfg.brightness, contrast: 1 + (2 * c - 1) * cfg.contrast };
}

/** Geometry of a view: images x height x width x channels (null for views that are not images, e.g. codes [T, D]). */
function geometry(shape: readonly number[]): { n: number; h: number; w: number; c: number } | null {
  if (shape.length === 3) return { n: 1, h: shape[0]!, w: shape[1]!, c: shape[2]! };
  if (shape.length === 4) return { n: shape[0]!, h: shape[1]!, w: shape[2]!, c: shape[3]! };
  return null;
}

/** Applies a row's augmentation to one view of `input` (in place when nothing geometric happens). */
export function applyAugment(view: Float32Array, input: Pick<ManifestInput, 'shape' | 'flow' | 'rgb'>, aug: RowAugment): Float32Array {
  const g = geometry(input.shape);
  let out = view;
  if (g && (aug.flip || aug.crop)) out = cropFlip(view, g, aug, input.flow);
  if (input.rgb && (aug.brightness !== 0 || aug.contrast !== 1)) brightnessContrast(out, aug.brightness, aug.contrast);
  return out;
}

/** Crop + resize back (bilinear, pixel centres aligned) and/or mirror; flow u/v scaled by the zoom, u negated when mirrored. */
function cropFlip(src: Float32Array, g: { n: number; h: number; w: number; c: number }, aug: RowAugment, flow: boolean): Float32Array {
  const { n, h, w, c } = g;
  const sw = aug.crop ? Math.max(1, Math.round(aug.crop.scale * w)) : w;
  const sh = aug.crop ? Math.max(1, Math.round(aug.crop.scale * h)) : h;
  const x0 = aug.crop ? Math.min(w - sw, Math.floor(aug.crop.fx * (w - sw + 1))) : 0;
  const y0 = aug.crop ? Math.min(h - sh, Math.floor(aug.crop.fy * (h - sh + 1))) : 0;
  const zoomX = w / sw, zoomY = h / sh;
  const out = new Float32Array(src.length);
  // Source coordinates and weights per output column / row (the same for every image and channel).
  const cols = axis(w, sw, x0, aug.flip), rows = axis(h, sh, y0, false);
  for (let k = 0; k < n; k++) {
    const base = k * h * w * c;
    for (let y = 0; y < h; y++) {
      const ya = rows.a[y]!, yb = rows.b[y]!, fy = rows.f[y]!;
      for (let x = 0; x < w; x++) {
        const xa = cols.a[x]!, xb = cols.b[x]!, fx = cols.f[x]!;
        const p00 = base + (ya * w + xa) * c, p01 = base + (ya * w + xb) * c, p10 = base + (yb * w + xa) * c, p11 = base + (yb * w + xb) * c;
        const o = base + (y * w + x) * c;
        for (let ch = 0; ch < c; ch++) {
          const top = fx === 0 ? src[p00 + ch]! : src[p00 + ch]! * (1 - fx) + src[p01 + ch]! * fx;
          const bot = fx === 0 ? src[p10 + ch]! : src[p10 + ch]! * (1 - fx) + src[p11 + ch]! * fx;
          let v = fy === 0 ? top : top * (1 - fy) + bot * fy;
          if (flow) v = ch % 2 === 0 ? (aug.flip ? 0 - v * zoomX : v * zoomX) : v * zoomY;
          out[o + ch] = v;
        }
      }
    }
  }
  return out;
}

/** Per output index along one axis: the two source indices and the weight of the second. */
function axis(size: number, window: number, offset: number, mirror: boolean): { a: Int32Array; b: Int32Array; f: Float32Array } {
  const a = new Int32Array(size), b = new Int32Array(size), f = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const j = mirror ? size - 1 - i : i;
    const s = Math.min(Math.max(offset + ((j + 0.5) * window) / size - 0.5, offset), offset + window - 1);
    const lo = Math.floor(s);
    a[i] = lo;
    b[i] = Math.min(lo + 1, offset + window - 1);
    f[i] = s - lo;
  }
  return { a, b, f };
}

/** v -> clamp((v - mean) * contrast + mean + brightness, 0, 1), in place. */
function brightnessContrast(v: Float32Array, brightness: number, contrast: number): void {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]!;
  const mean = v.length ? sum / v.length : 0;
  for (let i = 0; i < v.length; i++) v[i] = Math.min(1, Math.max(0, (v[i]! - mean) * contrast + mean + brightness));
}
