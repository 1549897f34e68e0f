/**
 * Principal component analysis for the S002 plot of mean codes per class: the top-k principal
 * axes of N points in D dimensions by power iteration on the centred data (X^T X v, never forming
 * the D x D covariance, so D = 2048 codes cost O(N·D) per step), with deflation against the axes
 * already found. Deterministic: a fixed start vector and a sign convention (largest loading > 0).
 */

/** The result of {@link pca}. */
export interface PcaResult {
  /** k unit axes, each of length D. */
  components: Float64Array[];
  /** Per point its k coordinates on those axes (centred data projected), [N][k]. */
  projections: number[][];
  /** Variance along each axis divided by the total variance (each in [0, 1], summing to <= 1). */
  explained: number[];
  /** The data mean, length D. */
  mean: Float64Array;
}

const MAX_STEPS = 1000;
const TOLERANCE = 1e-12;

/** x <- x - (x·u) u for every earlier axis u (Gram-Schmidt). */
function orthogonalize(x: Float64Array, axes: Float64Array[]): void {
  for (const u of axes) {
    let dot = 0;
    for (let j = 0; j < x.length; j++) dot += x[j]! * u[j]!;
    for (let j = 0; j < x.length; j++) x[j]! -= dot * u[j]!;
  }
}

/** Scales x to unit length; returns its previous length. */
function normalize(x: Float64Array): number {
  let n = 0;
  for (const v of x) n += v * v;
  n = Math.sqrt(n);
  if (n > 0) for (let j = 0; j < x.length; j++) x[j]! /= n;
  return n;
}

/** y = X^T (X v) for centred rows X [N][D]. */
function gramStep(rows: Float64Array[], v: Float64Array): Float64Array {
  const y = new Float64Array(v.length);
  for (const r of rows) {
    let s = 0;
    for (let j = 0; j < v.length; j++) s += r[j]! * v[j]!;
    for (let j = 0; j < v.length; j++) y[j]! += s * r[j]!;
  }
  return y;
}

/**
 * The top `k` principal components of `points` ([N][D], any numeric arrays of equal length).
 * Needs N >= 2; axes beyond the data's rank come back as zero vectors with 0 explained variance.
 */
export function pca(points: ArrayLike<number>[], k = 2): PcaResult {
  const n = points.length;
  if (n < 2) throw new Error(`PCA needs at least 2 points, got ${n}; extract codes for more clips`);
  const d = points[0]!.length;
  if (points.some((p) => p.length !== d)) throw new Error('PCA: every point must have the same length (one code size per code set)');
  const mean = new Float64Array(d);
  for (const p of points) for (let j = 0; j < d; j++) mean[j]! += p[j]! / n;
  const rows = points.map((p) => Float64Array.from({ length: d }, (_, j) => p[j]! - mean[j]!));
  let total = 0;
  for (const r of rows) for (const v of r) total += v * v;
  const components: Float64Array[] = [];
  const eigen: number[] = [];
  for (let c = 0; c < Math.min(k, d); c++) {
    // a fixed, generic start vector (not aligned with any axis)
    let v: Float64Array = Float64Array.from({ length: d }, (_, j) => 1 + ((j * 7919 + c * 104729) % 97) / 97);
    orthogonalize(v, components);
    let lambda = 0;
    if (normalize(v) > 0) {
      for (let step = 0; step < MAX_STEPS; step++) {
        const y = gramStep(rows, v);
        orthogonalize(y, components);
        const next = normalize(y);
        const converged = Math.abs(next - lambda) <= TOLERANCE * Math.max(1, next);
        lambda = next;
        v = y;
        if (next === 0 || converged) break;
      }
    }
    if (lambda <= TOLERANCE * Math.max(1, total)) {
      v = new Float64Array(d);
      lambda = 0;
    }
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    if (v[big]! < 0) for (let j = 0; j < d; j++) v[j] = -v[j]!;
    components.push(v);
    eigen.push(lambda);
  }
  const projections = rows.map((r) => components.map((u) => r.reduce((s, x, j) => s + x * u[j]!, 0)));
  const explained = eigen.map((l) => (total > 0 ? Math.min(1, l / total) : 0));
  return { components, projections, explained, mean };
}
