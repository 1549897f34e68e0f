import { z } from 'zod';
import type { EventBatch } from '../types.js';
import { registerRepresentation, type SensorSize } from './registry.js';

/** Options of voxel grids. */
export const voxelSchema = z.object({
  /** Temporal bins B (default 5, as in E2VID). */
  bins: z.number().int().min(1).max(256).default(5),
}).strict();

/**
 * Voxel grid (spec §2; Zhu et al. 2019, rpg_e2vid `events_to_voxel_grid`, scaled by B − 1 — not
 * tonic's B): t* = (B − 1)(t − t_first)/(t_last − t_first) over the window's events (span 0 counts
 * as 1), polarity ±1, bilinear in time: p·(1 − frac t*) to bin ⌊t*⌋, p·frac t* to bin ⌊t*⌋ + 1
 * when it is < B. Output Float32Array B x H x W.
 */
export function voxelGrid(events: EventBatch, size: SensorSize, bins: number): Float32Array {
  const { width: w, height: h } = size;
  const plane = w * h;
  const out = new Float32Array(bins * plane);
  const n = events.length;
  if (n === 0) return out;
  const tFirst = events.t[0]!;
  const span = events.t[n - 1]! - tFirst || 1;
  const scale = (bins - 1) / span;
  for (let i = 0; i < n; i++) {
    const ts = (events.t[i]! - tFirst) * scale;
    const b = Math.floor(ts), frac = ts - b;
    const pol = events.p[i]! ? 1 : -1;
    const at = events.y[i]! * w + events.x[i]!;
    out[b * plane + at]! += pol * (1 - frac);
    if (b + 1 < bins) out[(b + 1) * plane + at]! += pol * frac;
  }
  return out;
}

/** `voxel`: float32 B x H x W, polarity spread bilinearly over B time bins. */
export const voxelRepresentation = registerRepresentation({
  id: 'voxel',
  describe: 'voxel grid, polarity ±1 bilinear over B time bins (E2VID): float32 B x H x W',
  schema: voxelSchema,
  dtype: 'f4',
  layout: 'chw',
  shape: (o, s) => [o.bins, s.height, s.width],
  create: (o, s) => ({
    push: (win) => ({ index: win.index, tStart: win.tStart, tEnd: win.tEnd, dtype: 'f4', shape: [o.bins, s.height, s.width], data: voxelGrid(win.events, s, o.bins) }),
  }),
});
