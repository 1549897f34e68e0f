import type { Plane } from './tvl1Ops.js';

/**
 * Image-pyramid and smoothing operations on float planes H x W (row-major Float32Array), used by
 * TV-L1 to build its scales and filter its flow. Each names its tfjs equivalent for a GPU port.
 */

/**
 * Separable Gaussian blur with replicated borders (radius ceil(3 sigma)); sigma <= 0 copies.
 * tfjs: two `tf.depthwiseConv2d` passes with 1-D kernels [1,K] and [K,1] on edge-padded input.
 */
export function gaussianBlur(src: Plane, w: number, h: number, sigma: number, out: Plane): void {
  if (sigma <= 0) { out.set(src); return; }
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += (k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma)));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i < 0 ? 0 : x + i >= w ? w - 1 : x + i;
        s += k[i + r]! * src[row + xx]!;
      }
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) {
        const yy = y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i;
        s += k[i + r]! * tmp[yy * w + x]!;
      }
      out[y * w + x] = s;
    }
  }
}

/**
 * Bilinear resize sw x sh -> dw x dh with pixel-centre alignment (as OpenCV's INTER_LINEAR):
 * source x = (x + 0.5) * sw / dw - 0.5, clamped. tfjs: `tf.image.resizeBilinear(t, [dh, dw],
 * false, true)` (halfPixelCenters).
 */
export function resizeBilinear(src: Plane, sw: number, sh: number, dw: number, dh: number, out: Plane): void {
  const fx = sw / dw, fy = sh / dh;
  for (let y = 0; y < dh; y++) {
    let sy = (y + 0.5) * fy - 0.5;
    sy = sy < 0 ? 0 : sy > sh - 1 ? sh - 1 : sy;
    const y0 = Math.floor(sy), y1 = y0 < sh - 1 ? y0 + 1 : y0, wy = sy - y0;
    for (let x = 0; x < dw; x++) {
      let sx = (x + 0.5) * fx - 0.5;
      sx = sx < 0 ? 0 : sx > sw - 1 ? sw - 1 : sx;
      const x0 = Math.floor(sx), x1 = x0 < sw - 1 ? x0 + 1 : x0, wx = sx - x0;
      const a = src[y0 * sw + x0]!, b = src[y0 * sw + x1]!, c = src[y1 * sw + x0]!, d = src[y1 * sw + x1]!;
      const top = a + wx * (b - a), bot = c + wx * (d - c);
      out[y * dw + x] = top + wy * (bot - top);
    }
  }
}

/**
 * Median over a k x k window (k odd) with replicated borders; TV-L1 applies it to the flow to
 * reject outliers. tfjs: stack the k² shifted slices of the edge-padded plane on a last axis and
 * take `tf.topk(stack, (k*k+1)/2).values` last entry.
 */
export function medianFilter(src: Plane, w: number, h: number, k: number, out: Plane): void {
  const r = (k - 1) >> 1;
  const win = new Float64Array(k * k);
  const mid = (k * k) >> 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let n = 0;
      for (let dy = -r; dy <= r; dy++) {
        const yy = y + dy < 0 ? 0 : y + dy >= h ? h - 1 : y + dy;
        const row = yy * w;
        for (let dx = -r; dx <= r; dx++) {
          const xx = x + dx < 0 ? 0 : x + dx >= w ? w - 1 : x + dx;
          win[n++] = src[row + xx]!;
        }
      }
      out[y * w + x] = select(win, mid);
    }
  }
}

/** The k-th smallest of `a` (Hoare quickselect, reorders `a`). */
function select(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) { const t = a[i]!; a[i] = a[j]!; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
