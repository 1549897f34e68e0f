import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageSequenceWriter, type ImageFormat } from './imageSequence.js';
import { NpyFrameWriter } from './npyFrames.js';
import type { EventFrame } from './registry.js';

/** Where and how {@link writeFrames} stores frames. */
export interface WriteFramesOptions {
  /** 'npy': one `frames.npy` of N x (frame shape); 'png' / 'jpg': one picture per frame (uint8 frames only). */
  format: 'npy' | ImageFormat;
  signal?: AbortSignal;
  /** Called after each frame with the number written. */
  onFrame?: (count: number) => void;
  /** Extra facts recorded in `frames.json` (mode, window, source, ...). */
  meta?: Record<string, unknown>;
  /** dtype and frame shape for an empty `frames.npy` (0 x shape) when the stream has no frames; asked at the end. */
  empty?: () => { dtype: 'u1' | 'f4'; shape: number[] };
}

/** What was written. */
export interface WriteFramesResult {
  dir: string;
  frames: number;
  dtype: string | null;
  shape: number[] | null;
  files: string;
}

/**
 * Writes a frame stream to a folder, plus `frames.json` holding the format, dtype, frame shape and
 * each frame's [tStart, tEnd] in µs (so every picture or array row traces back to its window).
 */
export async function writeFrames(frames: AsyncIterable<EventFrame>, dir: string, opts: WriteFramesOptions): Promise<WriteFramesResult> {
  await mkdir(dir, { recursive: true });
  const npy = opts.format === 'npy' ? new NpyFrameWriter(join(dir, 'frames.npy')) : null;
  const images = npy ? null : new ImageSequenceWriter(dir, opts.format as ImageFormat, opts.signal);
  const times: [number, number][] = [];
  let first: EventFrame | null = null;
  try {
    for await (const f of frames) {
      opts.signal?.throwIfAborted();
      first ??= f;
      await (npy ? npy.write(f) : images!.write(f));
      times.push([f.tStart, f.tEnd]);
      opts.onFrame?.(times.length);
    }
  } finally {
    await (npy ? npy.close(first ? undefined : opts.empty?.()) : images!.close());
  }
  const files = npy ? 'frames.npy' : `frame_%06d.${opts.format}`;
  const empty = first ? null : opts.empty?.() ?? null;
  const dtype = first?.dtype ?? empty?.dtype ?? null, shape = first?.shape ?? empty?.shape ?? null;
  await writeFile(join(dir, 'frames.json'), JSON.stringify({ ...opts.meta, format: opts.format, files, dtype, shape, count: times.length, windowsUs: times }) + '\n');
  return { dir, frames: times.length, dtype, shape, files };
}
