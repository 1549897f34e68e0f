/**
 * Flow pictures for people: the Middlebury colour coding (Baker et al. 2011) where hue is the
 * direction and saturation the speed, plus the colour-wheel legend that explains it. Kept in the
 * core (not the renderer) so pictures can be cached as PNG like any other derived data.
 */

/** The 55-colour wheel (RY 15, YG 6, GC 4, CB 11, BM 13, MR 6): r, g, b in 0..255. */
function colourWheel(): number[][] {
  const wheel: number[][] = [];
  const ramp = (n: number, f: (t: number) => number[]): void => {
    for (let i = 0; i < n; i++) wheel.push(f(Math.floor((255 * i) / n)));
  };
  ramp(15, (t) => [255, t, 0]);
  ramp(6, (t) => [255 - t, 255, 0]);
  ramp(4, (t) => [0, 255, t]);
  ramp(11, (t) => [0, 255 - t, 255]);
  ramp(13, (t) => [t, 0, 255]);
  ramp(6, (t) => [255, 0, 255 - t]);
  return wheel;
}

const WHEEL = colourWheel();

/** Writes the colour of a flow vector already divided by the maximum radius into out[at..at+2]. */
function colourOf(u: number, v: number, out: Uint8Array, at: number): void {
  const n = WHEEL.length;
  const rad = Math.sqrt(u * u + v * v);
  const a = Math.atan2(-v, -u) / Math.PI;
  const fk = ((a + 1) / 2) * (n - 1);
  const k0 = Math.floor(fk), k1 = (k0 + 1) % n, f = fk - k0;
  for (let c = 0; c < 3; c++) {
    let col = ((1 - f) * WHEEL[k0]![c]! + f * WHEEL[k1]![c]!) / 255;
    col = rad <= 1 ? 1 - rad * (1 - col) : col * 0.75; // out of range: darker
    out[at + c] = Math.floor(255 * col);
  }
}

/** Largest |flow| of a field H x W x 2 (the usual normalisation of the colour coding). */
export function maxFlowRadius(flow: Float32Array): number {
  let m = 0;
  for (let i = 0; i < flow.length; i += 2) {
    const r = Math.hypot(flow[i]!, flow[i + 1]!);
    if (Number.isFinite(r) && r > m) m = r;
  }
  return m;
}

/**
 * Colour-codes a flow field: Float32Array H x W x 2 (px/frame) -> Uint8Array H x W x 3 (rgb24).
 * `maxRadius` (px) maps to full saturation; default the field's own maximum (fix it to compare frames).
 */
export function flowToRgb(flow: Float32Array, width: number, height: number, maxRadius?: number): Uint8Array {
  if (flow.length !== width * height * 2) throw new Error(`flowToRgb: expected ${width}x${height}x2 values, got ${flow.length}`);
  const r = maxRadius ?? maxFlowRadius(flow);
  const scale = r > 1e-9 ? 1 / r : 0;
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const u = flow[2 * i]!, v = flow[2 * i + 1]!;
    if (Number.isFinite(u) && Number.isFinite(v)) colourOf(u * scale, v * scale, out, 3 * i);
  }
  return out;
}

/** The legend: a size x size rgb24 image of the colour wheel (right = +u, down = +v), white outside the disc. */
export function flowLegend(size = 128): Uint8Array {
  const out = new Uint8Array(size * size * 3).fill(255);
  const c = (size - 1) / 2, r = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x - c) / r, v = (y - c) / r;
      if (u * u + v * v <= 1) colourOf(u, v, out, 3 * (y * size + x));
    }
  }
  return out;
}
