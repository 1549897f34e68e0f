import { z } from 'zod';
import { registerRepresentation, type FrameRenderer, type SensorSize } from './registry.js';

/** Options of time surfaces. */
export const timeSurfaceSchema = z.object({
  /** Decay constant τ in µs (default 50 ms, about one and a half 30 fps video frames). */
  tauUs: z.number().positive().default(50_000),
  /** 'recording' keeps t_last across windows (HOTS, tonic); 'window' forgets it at each window. */
  memory: z.enum(['recording', 'window']).default('recording'),
}).strict();

/** Time-surface options after defaults. */
export type TimeSurfaceOptions = z.infer<typeof timeSurfaceSchema>;

/**
 * Time surface (spec §2, HOTS): per (p, y, x) the time of the latest event t_last (initially −∞);
 * at the window end t_e the value is exp(−(t_e − t_last)/τ), 0 where no event occurred. Output
 * Float32Array 2 x H x W, channel = p (0 = OFF, 1 = ON), values in (0, 1].
 */
export function timeSurfaceRenderer(opts: TimeSurfaceOptions, size: SensorSize): FrameRenderer {
  const { width: w, height: h } = size;
  const plane = w * h;
  const last = new Float64Array(2 * plane).fill(-Infinity);
  return {
    push(win) {
      if (opts.memory === 'window') last.fill(-Infinity);
      const e = win.events;
      for (let i = 0; i < e.length; i++) {
        const k = e.p[i]! * plane + e.y[i]! * w + e.x[i]!;
        if (e.t[i]! > last[k]!) last[k] = e.t[i]!;
      }
      const data = new Float32Array(2 * plane);
      const tEnd = win.tEnd;
      for (let k = 0; k < data.length; k++) {
        const t = last[k]!;
        if (t !== -Infinity) data[k] = Math.exp(-Math.max(0, tEnd - t) / opts.tauUs);
      }
      return { index: win.index, tStart: win.tStart, tEnd, dtype: 'f4', shape: [2, h, w], data };
    },
  };
}

/** `timesurface`: float32 2 x H x W exponential decay of the last event time per polarity. */
export const timeSurfaceRepresentation = registerRepresentation({
  id: 'timesurface',
  describe: 'time surface exp(-(t_end - t_last)/tau) per polarity: float32 2 x H x W',
  schema: timeSurfaceSchema,
  dtype: 'f4',
  layout: 'chw',
  shape: (_o, s) => [2, s.height, s.width],
  create: timeSurfaceRenderer,
});
