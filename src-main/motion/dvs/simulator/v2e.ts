import { z } from 'zod';
import { createRng, type Rng } from '../../../media/sampling/rng.js';
import type { EventSink } from './eventSink.js';
import { fastGaussianSource, gaussianSource } from './gaussian.js';
import { crossingTime } from './ideal.js';
import { applyLut, linLogInverse, linLogLut } from './logImage.js';
import { baseSimSchema, registerDvsModel, type PixelModel } from './models.js';

/**
 * Options of the v2e-style model; defaults are v2e's command-line defaults (spec §3 table).
 * `timing`: 'interpolate' (default) puts each crossing at its linearly interpolated time;
 * 'even' is v2e's own rule (the k-th event of every pixel at t_prev + k·Δt/N, N = the largest count).
 */
export const v2eSchema = baseSimSchema.extend({
  model: z.literal('v2e'),
  /** Per-pixel threshold mismatch: θ ~ N(nominal, sigma), clamped to >= 0.01, drawn once. */
  sigma: z.number().min(0).max(1).default(0.03),
  /** Photoreceptor low-pass 3 dB cutoff in Hz (0 = off). */
  cutoffHz: z.number().min(0).max(1e6).default(300),
  /** Leak events per pixel per second on a static scene (0 = off). */
  leakRateHz: z.number().min(0).max(1000).default(0.01),
  /** Shot-noise events per pixel per second in the dark, ON and OFF together (0 = off). */
  shotNoiseRateHz: z.number().min(0).max(1000).default(0.001),
  /** A pixel drops events closer than this to its previous event (µs). */
  refractoryUs: z.number().min(0).max(1e6).default(500),
  /** Leak jitter: per frame, the leak is scaled by 1 − leakJitter·N(0,1). */
  leakJitter: z.number().min(0).max(1).default(0.1),
  /** Spread of the per-pixel leak rate: r = 10^(rateCovDecades·N(0,1)), fixed per pixel. */
  rateCovDecades: z.number().min(0).max(2).default(0.1),
  timing: z.enum(['interpolate', 'even']).default('interpolate'),
}).strict();

/** v2e-model options after defaults. */
export type V2eParams = z.infer<typeof v2eSchema>;

/**
 * v2e-style DVS pixel (SensorsINI/v2e, spec §3) on lin_log intensity: optional photoreceptor
 * low-pass, per-pixel ON/OFF thresholds with mismatch, leak (L_ref drifts down at
 * R_leak·θ_on·r per second, giving ON events), shot noise (Bernoulli per pixel per frame interval,
 * rate lower in bright pixels and higher where θ is small; a shot event resets L_ref to L_lp),
 * a refractory period (L_ref moves only by events actually emitted). Within an interval the
 * input and the leaking reference are linear in time, so the crossings of level k·θ get
 * interpolated times. State per pixel: L_ref (Float64), L_lp (Float32), last event time (µs).
 */
export class V2eDvs implements PixelModel {
  private readonly ref: Float64Array;
  private readonly lp: Float32Array;
  private readonly lpNext: Float32Array;
  private readonly leak: Float32Array;
  private readonly tLast: Float64Array;
  private readonly thOn: Float32Array;
  private readonly thOff: Float32Array;
  /** θ_on·r per pixel: the leak per second is R_leak times this. */
  private readonly leakBase: Float32Array;
  /** Largest θ_nominal/θ_pixel, ON plus OFF: bounds every pixel's shot probability. */
  private readonly shotBound: number;
  private readonly lut = linLogLut();
  private readonly rng: Rng;
  private readonly gauss: () => number;
  private readonly fastGauss: () => number;
  private tPrev = NaN;

  constructor(private readonly params: V2eParams, readonly width: number, readonly height: number) {
    const n = width * height;
    this.rng = createRng(params.seed);
    this.gauss = gaussianSource(this.rng);
    this.fastGauss = fastGaussianSource(this.rng);
    this.ref = new Float64Array(n);
    this.lp = new Float32Array(n);
    this.lpNext = new Float32Array(n);
    this.leak = new Float32Array(n);
    this.tLast = new Float64Array(n).fill(-Infinity);
    this.thOn = this.thresholds(params.thresholdOn);
    this.thOff = this.thresholds(params.thresholdOff);
    this.leakBase = new Float32Array(n);
    const spread = params.leakRateHz > 0 && params.rateCovDecades > 0;
    for (let i = 0; i < n; i++) this.leakBase[i] = this.thOn[i]! * (spread ? 10 ** (params.rateCovDecades * this.gauss()) : 1);
    this.shotBound = params.thresholdOn / minValue(this.thOn) + params.thresholdOff / minValue(this.thOff);
  }

  /** Grey uint8 H x W -> lin_log(I), Float32 H x W. */
  toLog(gray: Uint8Array, out: Float32Array): void {
    applyLut(gray, this.lut, out);
  }

  /** L_ref and L_lp from the first frame. */
  init(log: Float32Array, tUs: number): void {
    this.ref.set(log);
    this.lp.set(log);
    this.tPrev = tUs;
  }

  /** Events of the interval from the previous frame to this one (see the class comment). */
  step(log: Float32Array, tUs: number, sink: EventSink): void {
    const t0 = this.tPrev, dtUs = tUs - t0;
    if (!(dtUs > 0)) throw new Error(`Frame times must increase (got ${tUs} µs after ${t0} µs)`);
    const maxCount = this.prepare(log, dtUs / 1e6);
    this.emit(log, dtUs, maxCount, sink);
    this.lp.set(this.lpNext);
    this.tPrev = tUs;
  }

  /** Pass 1: low-passed input and leak of this interval; returns the largest event count (for 'even' timing). */
  private prepare(log: Float32Array, dt: number): number {
    const p = this.params, n = log.length;
    const tau = p.cutoffHz > 0 ? 1 / (2 * Math.PI * p.cutoffHz) : 0;
    // ε = ((I + 20)/275)·Δt/τ >= (20/275)·Δt/τ: when that is >= 1 every pixel's ε clamps to 1 (no filtering).
    const lowpass = tau > 0 && (20 / 275) * dt / tau < 1;
    const leakScale = dt * p.leakRateHz, jitter = p.leakJitter;
    let maxCount = 0;
    for (let i = 0; i < n; i++) {
      let l = log[i]!;
      if (lowpass) {
        const eps = Math.min(1, ((linLogInverse(l) + 20) / 275) * dt / tau);
        l = this.lp[i]! + eps * (l - this.lp[i]!);
      }
      this.lpNext[i] = l;
      if (leakScale > 0) this.leak[i] = leakScale * this.leakBase[i]! * (jitter > 0 ? 1 - jitter * this.fastGauss() : 1);
      if (p.timing === 'even') {
        const d = l - this.ref[i]! + this.leak[i]!;
        maxCount = Math.max(maxCount, Math.floor(d / this.thOn[i]!), Math.floor(-d / this.thOff[i]!));
      }
    }
    return maxCount;
  }

  /**
   * Pass 2: threshold crossings (refractory-filtered), then shot noise, pixel by pixel. Shot noise
   * visits only candidate pixels: gaps drawn from the geometric law of the largest per-pixel
   * probability, each candidate accepted with its own probability (thinning: the same Bernoulli
   * per pixel as drawing every pixel, at a fraction of the draws for realistic rates).
   */
  private emit(log: Float32Array, dtUs: number, maxCount: number, sink: EventSink): void {
    const p = this.params, t0 = this.tPrev, w = this.width, h = this.height;
    const { ref, lp, lpNext, leak, tLast, thOn, thOff } = this;
    const even = p.timing === 'even', n = Math.max(1, maxCount);
    const refractory = p.refractoryUs;
    const shotScale = (p.shotNoiseRateHz / 2) * (dtUs / 1e6);
    const pMax = Math.min(1, shotScale * (1 - (0.75 * 20) / 275) * this.shotBound);
    const gap = (): number => (pMax >= 1 ? 0 : Math.floor(Math.log(1 - this.rng.next()) / Math.log1p(-pMax)));
    let nextShot = pMax > 0 ? gap() : Infinity;
    for (let y = 0, i = 0; y < h; y++) {
      for (let x = 0; x < w; x++, i++) {
        const l1 = lpNext[i]!, ld = leak[i]!;
        let r = ref[i]!;
        const d0 = lp[i]! - r, d1 = l1 - r + ld, span = d1 - d0;
        let emitted = 0;
        if (d1 >= thOn[i]!) {
          const th = thOn[i]!;
          for (let k = 1; d1 >= k * th; k++) {
            const t = even ? t0 + Math.round(Math.min(k, n) * dtUs / n) : crossingTime(k * th, d0, span, t0, dtUs);
            if (refractory <= 0 || t - tLast[i]! > refractory) { sink.push(t, x, y, 1); tLast[i] = t; emitted++; }
          }
          r += emitted * th;
        } else if (-d1 >= thOff[i]!) {
          const th = thOff[i]!;
          for (let k = 1; -d1 >= k * th; k++) {
            const t = even ? t0 + Math.round(Math.min(k, n) * dtUs / n) : crossingTime(-k * th, d0, span, t0, dtUs);
            if (refractory <= 0 || t - tLast[i]! > refractory) { sink.push(t, x, y, 0); tLast[i] = t; emitted++; }
          }
          r -= emitted * th;
        }
        r -= ld;
        if (i === nextShot) {
          r = this.shot(i, x, y, r, l1, (linLogInverse(log[i]!) + 20) / 275, shotScale, pMax, dtUs, sink);
          nextShot = i + 1 + gap();
        }
        ref[i] = r;
      }
    }
  }

  /**
   * A shot-noise candidate pixel: u ~ U[0, pMax) fires ON below p_on, OFF below p_on + p_off
   * (p = (R/2)·Δt·(1 − 0.75·inten01)·θ_nominal/θ_pixel), at a uniform time; returns the new L_ref.
   */
  private shot(i: number, x: number, y: number, r: number, l1: number, inten01: number, scale: number, pMax: number, dtUs: number, sink: EventSink): number {
    const p = this.params;
    const base = scale * (1 - 0.75 * inten01);
    const pOn = base * p.thresholdOn / this.thOn[i]!, pOff = base * p.thresholdOff / this.thOff[i]!;
    const u = this.rng.next() * pMax;
    if (u >= pOn + pOff) return r;
    const on = u < pOn;
    const t = this.tPrev + Math.round((on ? u / pOn : (u - pOn) / pOff) * dtUs);
    if (p.refractoryUs > 0 && Math.abs(t - this.tLast[i]!) <= p.refractoryUs) return r;
    sink.push(t, x, y, on ? 1 : 0);
    this.tLast[i] = Math.max(t, this.tLast[i]!);
    return l1;
  }

  /** Per-pixel thresholds ~ N(nominal, σ), clamped to >= 0.01 (v2e). */
  private thresholds(nominal: number): Float32Array {
    const th = new Float32Array(this.width * this.height);
    for (let i = 0; i < th.length; i++) th[i] = Math.max(0.01, this.params.sigma > 0 ? nominal + this.params.sigma * this.gauss() : nominal);
    return th;
  }
}

/** Smallest element (thresholds are >= 0.01, so never 0). */
function minValue(a: Float32Array): number {
  let m = Infinity;
  for (let i = 0; i < a.length; i++) if (a[i]! < m) m = a[i]!;
  return m;
}

/** `v2e`: the noisy, mismatched DVS pixel of v2e. */
export const v2eModel = registerDvsModel<V2eParams>({
  id: 'v2e',
  describe: 'v2e-style DVS: lin_log, threshold mismatch, low-pass, refractory period, leak and shot noise',
  schema: v2eSchema,
  create: (params, width, height) => new V2eDvs(params, width, height),
});
