/**
 * Accuracy measures between two flow fields (Float32Array H x W x 2, pixels per frame), computed
 * over the interior (a `border` of pixels excluded, where every method extrapolates).
 */

/** Endpoint-error summary: mean (AEPE), max, and the count of pixels compared. */
export interface EndpointError {
  mean: number;
  max: number;
  pixels: number;
}

/** Average endpoint error |flow - truth| over the interior: the standard flow accuracy figure. */
export function endpointError(flow: Float32Array, truth: Float32Array, width: number, height: number, border = 0): EndpointError {
  if (flow.length !== width * height * 2 || truth.length !== flow.length) {
    throw new Error(`endpointError: expected two ${width}x${height}x2 fields, got ${flow.length} and ${truth.length} values`);
  }
  let sum = 0, max = 0, n = 0;
  for (let y = border; y < height - border; y++) {
    for (let x = border; x < width - border; x++) {
      const i = 2 * (y * width + x);
      const e = Math.hypot(flow[i]! - truth[i]!, flow[i + 1]! - truth[i + 1]!);
      sum += e;
      if (e > max) max = e;
      n++;
    }
  }
  return { mean: n ? sum / n : 0, max, pixels: n };
}

/** Mean absolute difference per component (u and v together), for agreement between implementations. */
export function meanAbsDiff(a: Float32Array, b: Float32Array, width: number, height: number, border = 0): number {
  if (a.length !== b.length) throw new Error(`meanAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  const c = a.length / (width * height);
  let sum = 0, n = 0;
  for (let y = border; y < height - border; y++) {
    for (let x = border; x < width - border; x++) {
      for (let k = 0; k < c; k++) {
        const i = (y * width + x) * c + k;
        sum += Math.abs(a[i]! - b[i]!);
        n++;
      }
    }
  }
  return n ? sum / n : 0;
}
