import { z } from 'zod';
import type { EventBatch } from '../types.js';
import { registerRepresentation, type SensorSize } from './registry.js';

/**
 * Count frame per polarity (spec §2, tonic `to_frame`): C_p(y, x) = number of events of polarity p
 * in the window. Shape: Float32Array 2 x H x W, channel = p (0 = OFF, 1 = ON).
 */
export function countFrame(events: EventBatch, size: SensorSize, out = new Float32Array(2 * size.width * size.height)): Float32Array {
  const { width: w, height: h } = size;
  for (let i = 0; i < events.length; i++) out[events.p[i]! * w * h + events.y[i]! * w + events.x[i]!]! += 1;
  return out;
}

/** `count`: float32 2 x H x W, events per pixel and polarity (channel 0 OFF, 1 ON). */
export const countRepresentation = registerRepresentation({
  id: 'count',
  describe: 'event counts per polarity: float32 2 x H x W (channel 0 OFF, 1 ON)',
  schema: z.object({}).strict(),
  dtype: 'f4',
  layout: 'chw',
  shape: (_o, s) => [2, s.height, s.width],
  create: (_o, s) => ({
    push: (w) => ({ index: w.index, tStart: w.tStart, tEnd: w.tEnd, dtype: 'f4', shape: [2, s.height, s.width], data: countFrame(w.events, s) }),
  }),
});
