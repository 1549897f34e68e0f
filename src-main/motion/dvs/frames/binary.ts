import { z } from 'zod';
import type { EventBatch } from '../types.js';
import { polarityPasses, registerRepresentation, type PolarityFilter, type SensorSize } from './registry.js';

/** Options of binary frames. */
export const binarySchema = z.object({
  /** Which events count: any polarity (default, as in S000), ON only or OFF only. */
  polarity: z.enum(['any', 'on', 'off']).default('any'),
}).strict();

/**
 * Binary frame (spec §2): B(y, x) = `value` where the window has at least one event (of the chosen
 * polarity), 0 elsewhere. Shape: Uint8Array H x W (= 1 x H x W).
 */
export function binaryFrame(events: EventBatch, size: SensorSize, polarity: PolarityFilter = 'any', value = 1,
  out = new Uint8Array(size.width * size.height)): Uint8Array {
  const { width: w } = size;
  for (let i = 0; i < events.length; i++) {
    if (polarity === 'any' || polarityPasses(polarity, events.p[i]!)) out[events.y[i]! * w + events.x[i]!] = value;
  }
  return out;
}

/** `binary`: uint8 1 x H x W of 0/1, the S000 single frame. */
export const binaryRepresentation = registerRepresentation({
  id: 'binary',
  describe: 'binary frame: 1 where any event fired, uint8 1 x H x W',
  schema: binarySchema,
  dtype: 'u1',
  layout: 'chw',
  shape: (_o, s) => [1, s.height, s.width],
  create: (o, s) => ({
    push: (w) => ({ index: w.index, tStart: w.tStart, tEnd: w.tEnd, dtype: 'u1', shape: [1, s.height, s.width], data: binaryFrame(w.events, s, o.polarity) }),
  }),
});
