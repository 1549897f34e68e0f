import { renderClip, type ClipSpec } from './render.js';

/**
 * Worker-thread entry (run on a `WorkerPool`): renders one demo clip off the main thread.
 * Returns rgb24 frames, `Uint8Array` frames x size x size x 3.
 */
export function work(input: ClipSpec): Uint8Array {
  return renderClip(input);
}
