import { gaussianBlur, medianFilter, resizeBilinear } from './imageOps.js';
import { tvl1ParamsSchema, type Tvl1Params } from './params.js';
import { checkFrame, registerFlowMethod, type FlowEstimator, type GreyFrame } from './registry.js';
import { centredGradient, dualUpdate, linearisedResidual, primalUpdate, warpBilinear, type Plane } from './tvl1Ops.js';

/**
 * TV-L1 optical flow (Zach, Pock & Bischof 2007, "A duality based approach for realtime TV-L1
 * optical flow"), following OpenCV's DualTVL1 (Sánchez, Meinhardt-Llopis & Facciolo, IPOL 2013):
 * coarse-to-fine over `scales` levels (ratio `scaleStep`), `warps` re-linearisations per level,
 * and alternating threshold / primal / dual steps until the flow changes by less than `epsilon`
 * (RMS, px) or `outerIterations` x `innerIterations` steps ran, with an optional median filter
 * between outer iterations. Unlike OpenCV it warps bilinearly (not bicubically) and blurs before
 * downsampling (IPOL's anti-aliasing). Input: grey frames H x W, 0..255. Output: Float32Array
 * H x W x 2 (u, v), pixels per frame. Pure typed-array code; every step is a whole-image op of
 * `tvl1Ops.ts` / `imageOps.ts`.
 */

/** One pyramid level: its size and both frames. */
interface Level {
  w: number;
  h: number;
  i0: Plane;
  i1: Plane;
}

/** Scratch planes of one level, allocated once per size and reused for every pair. */
class Scratch {
  readonly planes: Record<'ix' | 'iy' | 'i1w' | 'ixw' | 'iyw' | 'ginv' | 'rhoC' | 'p11' | 'p12' | 'p21' | 'p22' | 'tmp', Plane>;
  constructor(n: number) {
    const p = (): Plane => new Float32Array(n);
    this.planes = {
      ix: p(), iy: p(), i1w: p(), ixw: p(), iyw: p(), ginv: p(), rhoC: p(),
      p11: p(), p12: p(), p21: p(), p22: p(), tmp: p(),
    };
  }
}

/** Sizes of the pyramid levels, finest first; stops before a side would drop under 16 px (as OpenCV). */
export function pyramidSizes(w: number, h: number, scales: number, step: number): { w: number; h: number }[] {
  const sizes = [{ w, h }];
  for (let s = 1; s < scales; s++) {
    const prev = sizes[s - 1]!;
    const next = { w: Math.round(prev.w * step), h: Math.round(prev.h * step) };
    if (next.w < 16 || next.h < 16) break;
    sizes.push(next);
  }
  return sizes;
}

/** Reusable TV-L1 solver for width x height frames: Float32Array H x W x 2 per pair, px/frame. */
export class Tvl1Estimator implements FlowEstimator {
  private readonly sizes: { w: number; h: number }[];
  private readonly scratch: Scratch[];
  /** Iterations (primal-dual steps) the last `compute` ran, summed over levels: for profiling. */
  lastIterations = 0;

  constructor(readonly width: number, readonly height: number, private readonly params: Tvl1Params) {
    if (width < 3 || height < 3) throw new Error(`TV-L1 needs frames of at least 3x3 pixels, got ${width}x${height}`);
    this.sizes = pyramidSizes(width, height, params.scales, params.scaleStep);
    this.scratch = this.sizes.map((s) => new Scratch(s.w * s.h));
  }

  /** Flow from `prev` to `next`: Float32Array H x W x 2 (u, v), pixels per frame. */
  compute(prev: GreyFrame, next: GreyFrame): Float32Array {
    checkFrame(prev, this.width, this.height, 'TV-L1 prev');
    checkFrame(next, this.width, this.height, 'TV-L1 next');
    const levels = this.pyramid(Float32Array.from(prev), Float32Array.from(next));
    this.lastIterations = 0;
    let top = levels.length - 1;
    let u1: Plane = new Float32Array(levels[top]!.w * levels[top]!.h);
    let u2: Plane = new Float32Array(u1.length);
    for (; top >= 0; top--) {
      const lv = levels[top]!;
      this.lastIterations += solveLevel(lv, u1, u2, this.params, this.scratch[top]!);
      if (top === 0) break;
      const fine = levels[top - 1]!;
      [u1, u2] = [upsampleFlow(u1, lv, fine, fine.w / lv.w), upsampleFlow(u2, lv, fine, fine.h / lv.h)];
    }
    const out = new Float32Array(this.width * this.height * 2);
    for (let i = 0; i < u1.length; i++) {
      out[2 * i] = u1[i]!;
      out[2 * i + 1] = u2[i]!;
    }
    return out;
  }

  /** Nothing native to free; present for the FlowEstimator contract. */
  dispose(): void {}

  /** Both frames at every scale: anti-alias blur (IPOL's sigma for the ratio), then bilinear resize. */
  private pyramid(i0: Plane, i1: Plane): Level[] {
    const levels: Level[] = [{ w: this.width, h: this.height, i0, i1 }];
    const step = this.params.scaleStep;
    const sigma = 0.6 * Math.sqrt(1 / (step * step) - 1);
    for (let s = 1; s < this.sizes.length; s++) {
      const prev = levels[s - 1]!;
      const { w, h } = this.sizes[s]!;
      const down = (img: Plane): Plane => {
        const blurred = new Float32Array(img.length);
        gaussianBlur(img, prev.w, prev.h, sigma, blurred);
        const out = new Float32Array(w * h);
        resizeBilinear(blurred, prev.w, prev.h, w, h, out);
        return out;
      };
      levels.push({ w, h, i0: down(prev.i0), i1: down(prev.i1) });
    }
    return levels;
  }
}

/** A flow component resized to the finer level and scaled by the size ratio along its axis. */
function upsampleFlow(u: Plane, from: Level, to: Level, ratio: number): Plane {
  const out = new Float32Array(to.w * to.h);
  resizeBilinear(u, from.w, from.h, to.w, to.h, out);
  for (let i = 0; i < out.length; i++) out[i]! *= ratio;
  return out;
}

/** TV-L1 at one level, refining (u1, u2) in place; returns the number of primal-dual steps run. */
function solveLevel(lv: Level, u1: Plane, u2: Plane, p: Tvl1Params, s: Scratch): number {
  const { w, h } = lv;
  const b = s.planes;
  const lt = p.lambda * p.theta, taut = p.tau / p.theta;
  const stop = p.epsilon * p.epsilon * w * h;
  for (const k of ['p11', 'p12', 'p21', 'p22'] as const) b[k].fill(0);
  centredGradient(lv.i1, w, h, b.ix, b.iy);
  let steps = 0;
  for (let warp = 0; warp < p.warps; warp++) {
    warpBilinear([lv.i1, b.ix, b.iy], u1, u2, w, h, [b.i1w, b.ixw, b.iyw]);
    linearisedResidual(lv.i0, b.i1w, b.ixw, b.iyw, u1, u2, b.ginv, b.rhoC);
    let change = Infinity;
    for (let outer = 0; change > stop && outer < p.outerIterations; outer++) {
      if (p.medianFiltering > 1) {
        medianFilter(u1, w, h, p.medianFiltering, b.tmp);
        u1.set(b.tmp);
        medianFilter(u2, w, h, p.medianFiltering, b.tmp);
        u2.set(b.tmp);
      }
      for (let inner = 0; change > stop && inner < p.innerIterations; inner++) {
        change = primalUpdate(b.ixw, b.iyw, b.ginv, b.rhoC, b.p11, b.p12, b.p21, b.p22, w, h, lt, p.theta, u1, u2);
        dualUpdate(u1, u2, w, h, taut, b.p11, b.p12, b.p21, b.p22);
        steps++;
      }
    }
  }
  return steps;
}

/** One-shot TV-L1 flow of a pair: Float32Array H x W x 2 (u, v), pixels per frame. */
export function tvl1(prev: GreyFrame, next: GreyFrame, width: number, height: number, params: Partial<Tvl1Params> = {}): Float32Array {
  return new Tvl1Estimator(width, height, tvl1ParamsSchema.parse(params)).compute(prev, next);
}

/** Registers TV-L1 as flow method `tvl1`. */
export const tvl1Method = registerFlowMethod<Tvl1Params>({
  id: 'tvl1',
  schema: tvl1ParamsSchema,
  describe: (p) => `TV-L1 (lambda ${p.lambda}, ${p.scales} scales, ${p.warps} warps)`,
  create: async (w, h, p) => new Tvl1Estimator(w, h, p),
});
