/**
 * Tiny, independent motion and appearance features for testing the demo dataset's "motion only"
 * property. Frames are gray `Float32Array` of T x H x W, values 0..255.
 */

/** rgb24 frames (T x H x W x 3 bytes) -> gray frames (T x H x W floats, mean of R, G, B). */
export function toGray(rgb: Uint8Array): Float32Array {
  const out = new Float32Array(rgb.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = (rgb[i * 3]! + rgb[i * 3 + 1]! + rgb[i * 3 + 2]!) / 3;
  return out;
}

/** Global motion of a clip: translation (px/frame), curl and divergence (1/frame) of an affine flow. */
export interface MotionFeature {
  vx: number;
  vy: number;
  curl: number;
  div: number;
}

/**
 * Least-squares brightness-constancy fit over all consecutive frame pairs, using only pixels that
 * change (|dI/dt| > 2 levels, i.e. the moving patch): a 2-parameter translation (vx, vy) and a
 * 6-parameter affine flow u = a0 + a1 x + a2 y, v = b0 + b1 x + b2 y whose curl = b1 - a2 (positive =
 * clockwise on screen, y down) and div = a1 + b2 (positive = growing).
 */
export function motionFeature(gray: Float32Array, size: number, frames: number): MotionFeature {
  const A2 = zeros(2), b2 = [0, 0];
  const A6 = zeros(6), b6 = [0, 0, 0, 0, 0, 0];
  const px = size * size;
  for (let t = 0; t + 1 < frames; t++) {
    const f0 = t * px, f1 = (t + 1) * px;
    for (let y = 1; y < size - 1; y++) {
      for (let x = 1; x < size - 1; x++) {
        const i = y * size + x;
        const it = gray[f1 + i]! - gray[f0 + i]!;
        if (Math.abs(it) <= 2) continue;
        const avg = (j: number): number => (gray[f0 + j]! + gray[f1 + j]!) / 2;
        const ix = (avg(i + 1) - avg(i - 1)) / 2, iy = (avg(i + size) - avg(i - size)) / 2;
        accumulate(A2, b2, [ix, iy], -it);
        const xc = x - size / 2, yc = y - size / 2;
        accumulate(A6, b6, [ix, ix * xc, ix * yc, iy, iy * xc, iy * yc], -it);
      }
    }
  }
  const [vx, vy] = solve(A2, b2);
  const [, a1, a2, , bb1, bb2] = solve(A6, b6);
  return { vx: vx!, vy: vy!, curl: bb1! - a2!, div: a1! + bb2! };
}

/**
 * Names the motion of a clip from its feature: each component is divided by its expected size for
 * the clip (`scale`), the largest wins, its sign gives the direction. Returns a demo class name.
 */
export function classifyMotion(m: MotionFeature, scale: { translate: number; curl: number; div: number }): string {
  const cands: [number, string][] = [
    [m.vx / scale.translate, m.vx < 0 ? 'move_left' : 'move_right'],
    [m.vy / scale.translate, m.vy < 0 ? 'move_up' : 'move_down'],
    [m.curl / scale.curl, m.curl > 0 ? 'rotate_cw' : 'rotate_ccw'],
    [m.div / scale.div, m.div > 0 ? 'zoom_in' : 'zoom_out'],
  ];
  cands.sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]));
  return cands[0]![1];
}

/**
 * Simple single-frame appearance features of frame `t`: mean, standard deviation, mean |d/dx|,
 * mean |d/dy|, and the centroid (x, y, as fractions of the size) of |I - mean| (where the patch is).
 */
export function frameFeatures(gray: Float32Array, size: number, t: number): number[] {
  const f = gray.subarray(t * size * size, (t + 1) * size * size);
  let mean = 0;
  for (const v of f) mean += v / f.length;
  let varSum = 0, gx = 0, gy = 0, w = 0, cx = 0, cy = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = f[y * size + x]!;
      varSum += (v - mean) ** 2;
      if (x + 1 < size) gx += Math.abs(f[y * size + x + 1]! - v);
      if (y + 1 < size) gy += Math.abs(f[(y + 1) * size + x]! - v);
      const d = Math.abs(v - mean);
      w += d; cx += d * x; cy += d * y;
    }
  }
  const n = size * size;
  return [mean, Math.sqrt(varSum / n), gx / n, gy / n, cx / w / size, cy / w / size];
}

/** One-way ANOVA F statistic of `values` grouped by `groups` (between- over within-group variance). */
export function anovaF(values: number[], groups: string[]): number {
  const by = new Map<string, number[]>();
  values.forEach((v, i) => by.set(groups[i]!, [...(by.get(groups[i]!) ?? []), v]));
  const grand = values.reduce((a, b) => a + b, 0) / values.length;
  let between = 0, within = 0;
  for (const vs of by.values()) {
    const m = vs.reduce((a, b) => a + b, 0) / vs.length;
    between += vs.length * (m - grand) ** 2;
    within += vs.reduce((a, v) => a + (v - m) ** 2, 0);
  }
  const k = by.size, n = values.length;
  return (between / (k - 1)) / (within / (n - k));
}

/**
 * Leave-one-out nearest-class-mean accuracy on z-scored feature vectors: how well a simple
 * classifier can tell the groups apart from these features (chance = 1 / number of groups).
 */
export function nearestMeanAccuracy(features: number[][], labels: string[]): number {
  const dims = features[0]!.length;
  const mu = Array.from({ length: dims }, (_, d) => features.reduce((a, f) => a + f[d]!, 0) / features.length);
  const sd = mu.map((m, d) => Math.sqrt(features.reduce((a, f) => a + (f[d]! - m) ** 2, 0) / features.length) || 1);
  const z = features.map((f) => f.map((v, d) => (v - mu[d]!) / sd[d]!));
  const classes = [...new Set(labels)];
  let correct = 0;
  z.forEach((f, i) => {
    let best = '', bestDist = Infinity;
    for (const c of classes) {
      const members = z.filter((_, j) => j !== i && labels[j] === c);
      const centre = f.map((_, d) => members.reduce((a, g) => a + g[d]!, 0) / members.length);
      const dist = f.reduce((a, v, d) => a + (v - centre[d]!) ** 2, 0);
      if (dist < bestDist) { bestDist = dist; best = c; }
    }
    if (best === labels[i]) correct++;
  });
  return correct / z.length;
}

function zeros(n: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(n).fill(0));
}

function accumulate(A: number[][], b: number[], g: number[], rhs: number): void {
  for (let r = 0; r < g.length; r++) {
    b[r]! += g[r]! * rhs;
    for (let c = 0; c < g.length; c++) A[r]![c]! += g[r]! * g[c]!;
  }
}

/** Gaussian elimination with partial pivoting; A is n x n (modified), returns x with A x = b. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let r = k + 1; r < n; r++) if (Math.abs(A[r]![k]!) > Math.abs(A[p]![k]!)) p = r;
    [A[k], A[p]] = [A[p]!, A[k]!];
    [b[k], b[p]] = [b[p]!, b[k]!];
    for (let r = k + 1; r < n; r++) {
      const f = A[r]![k]! / A[k]![k]!;
      for (let c = k; c < n; c++) A[r]![c]! -= f * A[k]![c]!;
      b[r]! -= f * b[k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let k = n - 1; k >= 0; k--) {
    let s = b[k]!;
    for (let c = k + 1; c < n; c++) s -= A[k]![c]! * x[c]!;
    x[k] = s / A[k]![k]!;
  }
  return x;
}
