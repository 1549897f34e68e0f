/**
 * The whole-image operations TV-L1 is made of (Zach, Pock & Bischof 2007; the discretisation of
 * OpenCV's DualTVL1 / Sánchez et al., IPOL 2013). Each is a small loop over H x W float planes
 * (row-major Float32Array, one value per pixel) writing into a preallocated output, so the solver
 * in `tvl1.ts` is a sequence of these calls. Each carries the tfjs ops it becomes on a GPU
 * (tensors of shape [H, W]); nothing here depends on the previous pixel's result, so every op is
 * a data-parallel kernel. The iteration is two passes (primal, dual), each fusing the small
 * steps of the method (threshold, divergence, forward gradient, projection) to halve memory
 * traffic; the tfjs form keeps them as separate ops.
 */

/** A float image plane H x W. */
export type Plane = Float32Array;

/**
 * Centred derivatives with replicated borders: gx = (I[x+1] - I[x-1]) / 2, gy likewise.
 * tfjs: `p = tf.mirrorPad(I, [[1,1],[1,1]], 'symmetric')` (a 1-px symmetric pad replicates);
 * `gx = p.slice([1,2],[H,W]).sub(p.slice([1,0],[H,W])).mul(0.5)`; gy with the row offsets.
 */
export function centredGradient(img: Plane, w: number, h: number, gx: Plane, gy: Plane): void {
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : 0) * w, down = (y < h - 1 ? y + 1 : y) * w, row = y * w;
    for (let x = 0; x < w; x++) {
      const l = x > 0 ? x - 1 : 0, r = x < w - 1 ? x + 1 : x;
      gx[row + x] = 0.5 * (img[row + r]! - img[row + l]!);
      gy[row + x] = 0.5 * (img[down + x]! - img[up + x]!);
    }
  }
}

/**
 * Backward warp by the flow with bilinear interpolation: out[x] = I(x + u(x)), positions clamped
 * to the image (replicated border). Warps up to three images (I1 and its derivatives) in one pass.
 * tfjs: `sx = xs.add(u1).clipByValue(0, W-1)`, `x0 = sx.floor()`, weights `sx.sub(x0)`, then four
 * `tf.gather(I.reshape([-1]), y0i.mul(W).add(x0i))` corner reads blended by the weights.
 */
export function warpBilinear(srcs: readonly Plane[], u1: Plane, u2: Plane, w: number, h: number, outs: readonly Plane[]): void {
  const xmax = w - 1, ymax = h - 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let sx = x + u1[i]!, sy = y + u2[i]!;
      sx = sx < 0 ? 0 : sx > xmax ? xmax : sx;
      sy = sy < 0 ? 0 : sy > ymax ? ymax : sy;
      let x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 >= xmax) x0 = xmax > 0 ? xmax - 1 : 0;
      if (y0 >= ymax) y0 = ymax > 0 ? ymax - 1 : 0;
      const fx = sx - x0, fy = sy - y0;
      const dx = w > 1 ? 1 : 0, dy = h > 1 ? w : 0;
      const j = y0 * w + x0;
      for (let k = 0; k < srcs.length; k++) {
        const s = srcs[k]!;
        const top = s[j]! + fx * (s[j + dx]! - s[j]!);
        const bot = s[j + dy]! + fx * (s[j + dy + dx]! - s[j + dy]!);
        outs[k]![i] = top + fy * (bot - top);
      }
    }
  }
}

/**
 * The linearised data term at the current warp: rhoC = I1w - grad(I1w).u0 - I0, so that the
 * brightness residual of a flow u near u0 is rho(u) = rhoC + grad(I1w).u; and ginv =
 * 1 / max(|grad I1w|^2, 1e-10), constant for the whole warp so the iterations never divide.
 * tfjs: `ginv = ix.square().add(iy.square()).maximum(1e-10).reciprocal()`,
 * `rhoC = i1w.sub(ix.mul(u1)).sub(iy.mul(u2)).sub(i0)`.
 */
export function linearisedResidual(i0: Plane, i1w: Plane, ix: Plane, iy: Plane, u1: Plane, u2: Plane, ginv: Plane, rhoC: Plane): void {
  for (let i = 0; i < i0.length; i++) {
    const gx = ix[i]!, gy = iy[i]!;
    ginv[i] = 1 / Math.max(gx * gx + gy * gy, 1e-10);
    rhoC[i] = i1w[i]! - gx * u1[i]! - gy * u2[i]! - i0[i]!;
  }
}

/**
 * Thresholding step of one pixel (point-wise minimiser of the data term, Zach et al. eq. 11):
 * v = u + f * grad(I) with f = clamp(-rho / |grad I|^2, -lt, lt), lt = lambda * theta: the
 * three-case rule (rho < -lt|grad I|^2, rho > lt|grad I|^2, else) as one branch-free expression.
 */
export function thresholdFactor(rho: number, ginv: number, lt: number): number {
  return Math.min(lt, Math.max(-lt, -rho * ginv));
}

/**
 * Primal update, in place: threshold step, divergence of the dual fields (backward differences,
 * the adjoint of the forward gradient, p[-1] = 0), then u = v + theta * div(p). Returns the summed
 * squared change of (u1, u2), the stopping criterion. Fused into one pass over memory; as tfjs ops:
 *   rho = rhoC.add(ix.mul(u1)).add(iy.mul(u2));
 *   f = rho.neg().mul(ginv).clipByValue(-lt, lt);                        // threshold
 *   div1 = p11.sub(tf.pad(p11.slice([0,0],[H,W-1]), [[0,0],[1,0]]))
 *            .add(p12.sub(tf.pad(p12.slice([0,0],[H-1,W]), [[1,0],[0,0]])));   // divergence
 *   u1n = u1.add(f.mul(ix)).add(div1.mul(theta));  change = u1n.sub(u1).square().sum() (+ u2)
 * (reading `change` back syncs the GPU: check it every few iterations there).
 */
export function primalUpdate(ix: Plane, iy: Plane, ginv: Plane, rhoC: Plane, p11: Plane, p12: Plane, p21: Plane, p22: Plane,
  w: number, h: number, lt: number, theta: number, u1: Plane, u2: Plane): number {
  let change = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w, up = y > 0 ? w : 0; // on the first row p[y-1] is read as 0 via `keep`
    const keep = y > 0 ? 1 : 0;
    for (let i = row, end = row + w; i < end; i++) {
      const left = i > row ? 1 : 0;
      const gx = ix[i]!, gy = iy[i]!, a = u1[i]!, b = u2[i]!;
      const f = thresholdFactor(rhoC[i]! + gx * a + gy * b, ginv[i]!, lt);
      const d1 = p11[i]! - left * p11[i - left]! + p12[i]! - keep * p12[i - up]!;
      const d2 = p21[i]! - left * p21[i - left]! + p22[i]! - keep * p22[i - up]!;
      const da = f * gx + theta * d1, db = f * gy + theta * d2;
      change += da * da + db * db;
      u1[i] = a + da;
      u2[i] = b + db;
    }
  }
  return change;
}

/**
 * Dual update, in place (projected gradient ascent of the TV term): forward differences of u
 * (zero on the last column/row), then p = (p + taut * grad u) / (1 + taut * |grad u|), taut =
 * tau / theta, for both flow components in one pass. As tfjs ops:
 *   gx = tf.pad(u1.slice([0,1]).sub(u1.slice([0,0],[H,W-1])), [[0,0],[0,1]]);   // forward gradient
 *   gy = tf.pad(u1.slice([1,0]).sub(u1.slice([0,0],[H-1,W])), [[0,1],[0,0]]);
 *   n = gx.square().add(gy.square()).sqrt().mul(taut).add(1);
 *   p11 = p11.add(gx.mul(taut)).div(n);  p12 = p12.add(gy.mul(taut)).div(n);  (same for u2)
 */
export function dualUpdate(u1: Plane, u2: Plane, w: number, h: number, taut: number, p11: Plane, p12: Plane, p21: Plane, p22: Plane): void {
  for (let y = 0; y < h; y++) {
    const row = y * w, down = y < h - 1 ? w : 0; // last row: forward difference 0
    for (let i = row, end = row + w; i < end; i++) {
      const right = i < end - 1 ? 1 : 0;
      const c1 = u1[i]!, c2 = u2[i]!;
      const a1 = u1[i + right]! - c1, b1 = u1[i + down]! - c1;
      const a2 = u2[i + right]! - c2, b2 = u2[i + down]! - c2;
      const n1 = 1 / (1 + taut * Math.sqrt(a1 * a1 + b1 * b1));
      const n2 = 1 / (1 + taut * Math.sqrt(a2 * a2 + b2 * b2));
      p11[i] = (p11[i]! + taut * a1) * n1;
      p12[i] = (p12[i]! + taut * b1) * n1;
      p21[i] = (p21[i]! + taut * a2) * n2;
      p22[i] = (p22[i]! + taut * b2) * n2;
    }
  }
}
