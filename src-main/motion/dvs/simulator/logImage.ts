/**
 * Grey levels to log intensity, the input of every DVS pixel model (spec §3), through 256-entry
 * lookup tables (a video frame is 8-bit). Shapes: gray Uint8Array H x W (0..255) -> Float32Array
 * H x W, natural-log units (the unit of the contrast thresholds).
 */

/** ln(I/255 + eps) for I = 0..255: the ideal DVS / ESIM convention (frames scaled to [0, 1]). */
export function lnLut(eps: number): Float32Array {
  const lut = new Float32Array(256);
  for (let i = 0; i < 256; i++) lut[i] = Math.log(i / 255 + eps);
  return lut;
}

/** v2e's `lin_log`: linear I·ln(20)/20 up to 20 DN, ln(I) above, rounded to 1e-8 (I = 0..255 DN). */
export function linLogLut(): Float32Array {
  const lut = new Float32Array(256);
  for (let i = 0; i < 256; i++) lut[i] = Math.round(linLog(i) * 1e8) / 1e8;
  return lut;
}

/** lin_log of one value in DN (continuous, so interpolated frames can be mapped back). */
export function linLog(dn: number): number {
  return dn <= 20 ? dn * Math.log(20) / 20 : Math.log(dn);
}

/** Inverse of {@link linLog}: log value -> intensity in DN. */
export function linLogInverse(l: number): number {
  return l <= Math.log(20) ? l * 20 / Math.log(20) : Math.exp(l);
}

/** out[i] = lut[gray[i]]. */
export function applyLut(gray: Uint8Array, lut: Float32Array, out: Float32Array): void {
  for (let i = 0; i < gray.length; i++) out[i] = lut[gray[i]!]!;
}

/** out = a + (b - a)·f, element-wise (log-space frame upsampling, f in [0, 1]). */
export function lerpFrames(a: Float32Array, b: Float32Array, f: number, out: Float32Array): void {
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + (b[i]! - a[i]!) * f;
}
