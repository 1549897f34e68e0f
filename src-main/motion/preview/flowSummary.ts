import { closeSync, openSync, readSync } from 'node:fs';
import { fromFloat16Bits, readNpyHeader } from '../../media/npy.js';
import type { MotionArrows } from '../../ipc/contract.js';

/** Bins of the per-field magnitude histogram the viewer draws. */
export const HISTOGRAM_BINS = 16;

/** Magnitudes |(u, v)| of a flow field H x W x 2 (px/frame) -> Float32Array H x W. */
export function magnitudes(flow: Float32Array): Float32Array {
  const out = new Float32Array(flow.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(flow[2 * i]!, flow[2 * i + 1]!) || 0;
  return out;
}

/** The q-quantile (0..1) of values, by sorting a strided sample of at most ~200k of them. */
export function quantile(values: Float32Array, q: number): number {
  if (!values.length) return 0;
  const stride = Math.max(1, Math.floor(values.length / 200_000));
  const sample = new Float32Array(Math.ceil(values.length / stride));
  for (let i = 0, j = 0; i < values.length; i += stride) sample[j++] = values[i]!;
  sample.sort();
  return sample[Math.min(sample.length - 1, Math.floor(q * (sample.length - 1)))]!;
}

/** Pixel counts of `mags` in `bins` equal bins over [0, max] (the last bin takes max itself). */
export function histogram(mags: Float32Array, max: number, bins = HISTOGRAM_BINS): number[] {
  const out = new Array<number>(bins).fill(0);
  const scale = max > 0 ? bins / max : 0;
  for (const m of mags) out[Math.min(bins - 1, Math.floor(m * scale))]!++;
  return out;
}

/** Reads flow field `frame` of a float16 flow .npy ((N-1) x H x W x 2) without loading the rest. */
export function readFlowField(npyPath: string, frame: number): { flow: Float32Array; width: number; height: number } {
  const { dtype, shape, dataOffset } = readNpyHeader(npyPath);
  const [n, h, w] = shape as [number, number, number];
  if (dtype !== 'f2' || shape.length !== 4) throw new Error(`${npyPath}: expected float16 N x H x W x 2 flow, got ${dtype} ${shape.join('x')}`);
  if (frame < 0 || frame >= n) throw Object.assign(new Error(`Flow field ${frame} does not exist (this clip has ${n})`), { code: 'not_found' });
  const count = h * w * 2;
  const buf = Buffer.alloc(count * 2);
  const fd = openSync(npyPath, 'r');
  try {
    readSync(fd, buf, 0, buf.length, dataOffset + frame * count * 2);
  } finally {
    closeSync(fd);
  }
  const flow = new Float32Array(count);
  for (let i = 0; i < count; i++) flow[i] = fromFloat16Bits(buf.readUInt16LE(2 * i));
  return { flow, width: w, height: h };
}

/**
 * Mean flow per cell of a coarse grid (about `grid` cells along the long side) for the arrow
 * overlay: flow H x W x 2 px/frame -> rows x cols vectors, so the UI gets ~256 numbers, not the field.
 */
export function arrowGrid(flow: Float32Array, width: number, height: number, frame: number, grid = 16): MotionArrows {
  const cell = Math.max(1, Math.ceil(Math.max(width, height) / grid));
  const cols = Math.max(1, Math.floor(width / cell)), rows = Math.max(1, Math.floor(height / cell));
  const vectors = new Array<number>(rows * cols * 2).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let su = 0, sv = 0, n = 0;
      for (let y = r * cell; y < Math.min(height, (r + 1) * cell); y++) {
        for (let x = c * cell; x < Math.min(width, (c + 1) * cell); x++) {
          const i = 2 * (y * width + x);
          if (Number.isFinite(flow[i]) && Number.isFinite(flow[i + 1])) { su += flow[i]!; sv += flow[i + 1]!; n++; }
        }
      }
      const o = 2 * (r * cols + c);
      vectors[o] = n ? Math.round((su / n) * 1000) / 1000 : 0;
      vectors[o + 1] = n ? Math.round((sv / n) * 1000) / 1000 : 0;
    }
  }
  return { frame, cols, rows, cell, vectors };
}
