import { z } from 'zod';
import { binaryFrame } from './binary.js';
import { registerRepresentation, type FrameRenderer, type SensorSize } from './registry.js';

/**
 * Options of S000 three-frame stacks. Liu & Wen give neither the window length, the stride
 * between stacks nor the polarity handling, so these defaults are ours: both polarities count
 * ('any'), and stacks do not share frames (stackStride 3: frames 0-2, 3-5, ...). The window
 * length and overlap come from the window spec (CLI default 33 333 µs, one 30 fps video frame).
 */
export const stack3Schema = z.object({
  polarity: z.enum(['any', 'on', 'off']).default('any'),
  /** Binary frames from the first frame of one stack to the first of the next (1 = every frame starts a stack). */
  stackStride: z.number().int().min(1).max(1000).default(3),
}).strict();

/** Stack options after defaults. */
export type Stack3Options = z.infer<typeof stack3Schema>;

/**
 * Three-frame stacking (S000): consecutive binary frames B_k, B_k+1, B_k+2 become the R, G, B
 * channels (0 or 255) of one image, so any 3-channel ImageNet model can take it. Output
 * Uint8Array H x W x 3 (interleaved, like an rgb24 picture), one per `stackStride` windows.
 */
export function stack3Renderer(opts: Stack3Options, size: SensorSize): FrameRenderer {
  const { width: w, height: h } = size;
  const recent: { frame: Uint8Array; tStart: number; tEnd: number }[] = [];
  let seen = 0, stacks = 0;
  return {
    push(win) {
      recent.push({ frame: binaryFrame(win.events, size, opts.polarity, 255), tStart: win.tStart, tEnd: win.tEnd });
      if (recent.length > 3) recent.shift();
      const j = seen++;
      if (j < 2 || (j - 2) % opts.stackStride !== 0) return null;
      const [a, b, c] = recent as [typeof recent[0], typeof recent[0], typeof recent[0]];
      const data = new Uint8Array(w * h * 3);
      for (let i = 0, o = 0; i < w * h; i++, o += 3) {
        data[o] = a.frame[i]!; data[o + 1] = b.frame[i]!; data[o + 2] = c.frame[i]!;
      }
      return { index: stacks++, tStart: a.tStart, tEnd: c.tEnd, dtype: 'u1', shape: [h, w, 3], data };
    },
  };
}

/** `stack3`: uint8 H x W x 3, three consecutive binary frames as one 0/255 RGB image (S000). */
export const stack3Representation = registerRepresentation({
  id: 'stack3',
  describe: 'S000: 3 consecutive binary frames as the channels of one image, uint8 H x W x 3 (0/255)',
  schema: stack3Schema,
  dtype: 'u1',
  layout: 'hwc',
  shape: (_o, s) => [s.height, s.width, 3],
  create: stack3Renderer,
});
