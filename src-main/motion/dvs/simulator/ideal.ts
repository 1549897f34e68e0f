import { z } from 'zod';
import type { EventSink } from './eventSink.js';
import { applyLut, lnLut } from './logImage.js';
import { baseSimSchema, registerDvsModel, type PixelModel } from './models.js';

/** Options of the ideal model: the shared ones plus the ε of L = ln(I/255 + ε). */
export const idealSchema = baseSimSchema.extend({
  model: z.literal('ideal'),
  logEps: z.number().positive().max(1).default(1e-3),
}).strict();

/** Ideal-model options after defaults. */
export type IdealParams = z.infer<typeof idealSchema>;

/**
 * The ideal DVS (spec §3): L = ln(I/255 + ε) per pixel; the reference L_ref is set by the first
 * frame; while L − L_ref ≥ C_on an ON event is emitted and L_ref += C_on (OFF likewise with C_off).
 * No mismatch, no noise, no refractory period, so a static video gives no events. Several
 * crossings in one frame interval get times linearly interpolated between the two frames
 * (ESIM): level ℓ is crossed at t_prev + (ℓ − L_prev)/(L − L_prev)·Δt, rounded to whole µs.
 */
export class IdealDvs implements PixelModel {
  private readonly ref: Float64Array;
  private readonly prev: Float32Array;
  private readonly lut: Float32Array;
  private tPrev = NaN;

  constructor(private readonly params: IdealParams, readonly width: number, readonly height: number) {
    this.ref = new Float64Array(width * height);
    this.prev = new Float32Array(width * height);
    this.lut = lnLut(params.logEps);
  }

  /** Grey uint8 H x W -> ln(I/255 + ε), Float32 H x W. */
  toLog(gray: Uint8Array, out: Float32Array): void {
    applyLut(gray, this.lut, out);
  }

  /** Sets L_ref and L_prev from the first frame. */
  init(log: Float32Array, tUs: number): void {
    this.ref.set(log);
    this.prev.set(log);
    this.tPrev = tUs;
  }

  /** Emits the threshold crossings between the previous frame and this one. */
  step(log: Float32Array, tUs: number, sink: EventSink): void {
    const t0 = this.tPrev, dt = tUs - t0;
    if (!(dt > 0)) throw new Error(`Frame times must increase (got ${tUs} µs after ${t0} µs)`);
    const { thresholdOn: cOn, thresholdOff: cOff } = this.params;
    const { ref, prev, width: w, height: h } = this;
    for (let y = 0, i = 0; y < h; y++) {
      for (let x = 0; x < w; x++, i++) {
        const l1 = log[i]!;
        let r = ref[i]!;
        if (l1 - r >= cOn) {
          const l0 = prev[i]!, span = l1 - l0;
          do {
            r += cOn;
            sink.push(crossingTime(r, l0, span, t0, dt), x, y, 1);
          } while (l1 - r >= cOn);
          ref[i] = r;
        } else if (r - l1 >= cOff) {
          const l0 = prev[i]!, span = l1 - l0;
          do {
            r -= cOff;
            sink.push(crossingTime(r, l0, span, t0, dt), x, y, 0);
          } while (r - l1 >= cOff);
          ref[i] = r;
        }
      }
    }
    prev.set(log);
    this.tPrev = tUs;
  }
}

/** Whole-µs time at which the line from l0 (at t0) to l0 + span (at t0 + dt) reaches `level`. */
export function crossingTime(level: number, l0: number, span: number, t0: number, dt: number): number {
  let s = span !== 0 ? (level - l0) / span : 1;
  if (!(s >= 0)) s = 0;
  else if (s > 1) s = 1;
  return Math.round(t0 + s * dt);
}

/** `ideal`: the noiseless log-threshold DVS. */
export const idealModel = registerDvsModel<IdealParams>({
  id: 'ideal',
  describe: 'ideal DVS: ln(I + ε), fixed ON/OFF thresholds, interpolated times, no noise',
  schema: idealSchema,
  create: (params, width, height) => new IdealDvs(params, width, height),
});
