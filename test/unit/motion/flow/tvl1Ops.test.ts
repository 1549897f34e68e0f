import { describe, expect, it } from 'vitest';
import { gaussianBlur, medianFilter, resizeBilinear } from '../../../../src-main/motion/flow/imageOps.js';
import { tvl1ParamsSchema } from '../../../../src-main/motion/flow/params.js';
import { pyramidSizes, Tvl1Estimator } from '../../../../src-main/motion/flow/tvl1.js';
import {
  centredGradient, dualUpdate, linearisedResidual, primalUpdate, thresholdFactor, warpBilinear,
} from '../../../../src-main/motion/flow/tvl1Ops.js';

const W = 6, H = 5;
const plane = (f: (x: number, y: number) => number): Float32Array => Float32Array.from({ length: W * H }, (_, i) => f(i % W, Math.floor(i / W)));
const zeros = (): Float32Array => new Float32Array(W * H);

describe('TV-L1 whole-image ops', () => {
  it('centred gradient of a ramp is its slope, one-sided (halved) on the border like OpenCV', () => {
    const gx = zeros(), gy = zeros();
    centredGradient(plane((x, y) => 3 * x - 2 * y), W, H, gx, gy);
    expect(gx[2 * W + 3]).toBeCloseTo(3);
    expect(gy[2 * W + 3]).toBeCloseTo(-2);
    expect(gx[2 * W]).toBeCloseTo(1.5); // (I[1] - I[0]) / 2 at x = 0
    expect(gy[(H - 1) * W + 2]).toBeCloseTo(-1);
  });

  it('bilinear warp by a sub-pixel flow samples between pixels and clamps at the border', () => {
    const img = plane((x, y) => 10 * x + y);
    const out = zeros();
    warpBilinear([img], plane(() => 0.25), plane(() => 0.5), W, H, [out]);
    expect(out[1 * W + 2]).toBeCloseTo(10 * 2.25 + 1.5);
    expect(out[(H - 1) * W + (W - 1)]).toBeCloseTo(10 * (W - 1) + (H - 1)); // clamped to the corner
  });

  it('threshold factor follows the three cases of Zach et al.', () => {
    const lt = 0.045;
    expect(thresholdFactor(-10, 1 / 4, lt)).toBe(lt); // rho < -lt |grad|^2: step +lt
    expect(thresholdFactor(10, 1 / 4, lt)).toBe(-lt);
    expect(thresholdFactor(0.02, 1 / 4, lt)).toBeCloseTo(-0.005); // inside: -rho / |grad|^2
  });

  it('the linearised residual vanishes where the flow explains the frames exactly', () => {
    // I1(x) = I0(x - 1) for a ramp: the true flow u = 1 leaves no brightness residual inside the image.
    const i0 = plane((x, y) => 3 * x + y), i1 = plane((x, y) => 3 * (x - 1) + y);
    const u1 = plane(() => 1), u2 = zeros();
    const ix = zeros(), iy = zeros(), i1w = zeros(), ixw = zeros(), iyw = zeros(), ginv = zeros(), rhoC = zeros();
    centredGradient(i1, W, H, ix, iy);
    warpBilinear([i1, ix, iy], u1, u2, W, H, [i1w, ixw, iyw]);
    linearisedResidual(i0, i1w, ixw, iyw, u1, u2, ginv, rhoC);
    for (let y = 1; y < H - 1; y++) {
      for (let x = 1; x < W - 2; x++) {
        const i = y * W + x;
        expect(rhoC[i]! + ixw[i]! * u1[i]! + iyw[i]! * u2[i]!).toBeCloseTo(0, 5);
        expect(ginv[i]).toBeCloseTo(1 / 10, 5); // |grad|^2 = 3^2 + 1^2
      }
    }
  });

  it('identical frames and zero flow are a fixed point of the primal-dual iterations', () => {
    const img = plane((x, y) => (x * 7 + y * 13) % 11);
    const u1 = zeros(), u2 = zeros();
    const ix = zeros(), iy = zeros(), ginv = zeros(), rhoC = zeros();
    centredGradient(img, W, H, ix, iy);
    linearisedResidual(img, img, ix, iy, u1, u2, ginv, rhoC);
    const [p11, p12, p21, p22] = [zeros(), zeros(), zeros(), zeros()];
    for (let k = 0; k < 5; k++) {
      expect(primalUpdate(ix, iy, ginv, rhoC, p11, p12, p21, p22, W, H, 0.045, 0.3, u1, u2)).toBe(0);
      dualUpdate(u1, u2, W, H, 0.25 / 0.3, p11, p12, p21, p22);
    }
    expect(Math.max(...u1.map(Math.abs), ...u2.map(Math.abs))).toBe(0);
  });

  it('dual update of a step in u grows p along the step and never beyond unit length', () => {
    const u1 = plane((x) => (x < 3 ? 0 : 5)), u2 = zeros();
    const [p11, p12, p21, p22] = [zeros(), zeros(), zeros(), zeros()];
    for (let k = 0; k < 50; k++) dualUpdate(u1, u2, W, H, 0.8, p11, p12, p21, p22);
    expect(p11[2]).toBeGreaterThan(0.95);
    expect(p11[2]).toBeLessThanOrEqual(1);
    expect(p11[0]).toBe(0);
    expect(Math.max(...p12, ...p21, ...p22)).toBe(0);
  });
});

describe('pyramid and filters', () => {
  it('resizes with pixel-centre alignment (a constant stays constant, a ramp stays a ramp)', () => {
    const out = new Float32Array(3 * 2);
    resizeBilinear(plane(() => 7), W, H, 3, 2, out);
    expect([...out]).toEqual([7, 7, 7, 7, 7, 7]);
    const ramp = new Float32Array(3);
    resizeBilinear(Float32Array.of(0, 1, 2, 3, 4, 5), 6, 1, 3, 1, ramp);
    expect([...ramp]).toEqual([0.5, 2.5, 4.5]);
  });

  it('blurs without changing the mean of a smooth image much and copies for sigma 0', () => {
    const img = plane((x, y) => x + y), out = zeros();
    gaussianBlur(img, W, H, 0, out);
    expect(out).toEqual(img);
    gaussianBlur(img, W, H, 0.8, out);
    expect(out[2 * W + 2]).toBeCloseTo(4, 1);
  });

  it('median filter removes a single outlier and keeps an edge', () => {
    const img = plane((x) => (x < 3 ? 0 : 1));
    img[2 * W + 1] = 100;
    const out = zeros();
    medianFilter(img, W, H, 3, out);
    expect(out[2 * W + 1]).toBe(0);
    expect([...out.subarray(0, W)]).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('stops the pyramid before a side drops under 16 px', () => {
    expect(pyramidSizes(64, 48, 5, 0.8)).toEqual([{ w: 64, h: 48 }, { w: 51, h: 38 }, { w: 41, h: 30 }, { w: 33, h: 24 }, { w: 26, h: 19 }]);
    expect(pyramidSizes(32, 20, 5, 0.5)).toEqual([{ w: 32, h: 20 }]);
  });

  it('TV-L1 defaults are the published ones and bad sizes are refused', () => {
    expect(tvl1ParamsSchema.parse({})).toEqual({ tau: 0.25, lambda: 0.15, theta: 0.3, scales: 5, scaleStep: 0.8, warps: 5, epsilon: 0.01, innerIterations: 30, outerIterations: 10, medianFiltering: 1 });
    expect(tvl1ParamsSchema.safeParse({ tau: 0.5 }).success).toBe(false);
    expect(() => new Tvl1Estimator(2, 2, tvl1ParamsSchema.parse({}))).toThrow(/at least 3x3/);
  });
});
