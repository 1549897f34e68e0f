import { rename, rm } from 'node:fs/promises';
import { decodeFrames } from '../../../media/decode.js';
import { probeMedia } from '../../../media/probe.js';
import type { EventBatch } from '../types.js';
import { writerFor, type WriteOptions } from '../writers/registry.js';
import '../writers/index.js';
import { BATCH_SIZE } from '../types.js';
import { coalesce } from './eventSink.js';
import { parseSimParams, type BaseSimParams } from './models.js';
import { simulateFrames } from './run.js';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Model options, validated by the model's schema, e.g. `{ model: 'v2e', thresholdOn: 0.3 }`. */
  params: unknown;
  /** Sensor size in pixels; default the video's own size (frames are stretched to it). */
  width?: number;
  height?: number;
  /** AEDAT 4.0 packet compression (default none). */
  compression?: WriteOptions['compression'];
  /** Called after each source frame with (frames done, frame count from the container or null). */
  onProgress?: (done: number, total: number | null) => void;
}

/** What a simulation produced: what to show the user and record with the output. */
export interface SimulateResult {
  out: string;
  params: BaseSimParams;
  width: number;
  height: number;
  fps: number;
  frames: number;
  events: number;
  on: number;
  off: number;
  seconds: number;
}

/**
 * Video -> event file (.aedat4 or .npy, by extension), so the whole DVS pipeline runs on any video
 * dataset. Streams grey frames from ffmpeg at the video's own frame rate (frame k at k/fps s)
 * through the chosen model and the writer, never holding the video or the events in memory.
 * Writes to a temporary name first; an abort (`signal`) or an error removes it.
 */
export async function simulate(videoPath: string, out: string, opts: SimulateOptions, signal?: AbortSignal): Promise<SimulateResult> {
  const started = Date.now();
  const params = parseSimParams(opts.params);
  const writer = writerFor(out);
  const probe = await probeMedia(videoPath, signal);
  if (probe.status !== 'ok') throw new Error(probe.error);
  if (!probe.fps) throw new Error(`Cannot simulate events from ${videoPath}: its frame rate is unknown (a still image?)`);
  const width = opts.width ?? probe.width ?? 0, height = opts.height ?? probe.height ?? 0;
  if (!(width > 0 && height > 0 && width <= 65535 && height <= 65535)) throw new Error(`Cannot simulate events from ${videoPath}: bad sensor size ${width} x ${height}`);
  const counts = { frames: 0, events: 0, on: 0 };
  const frames = decodeFrames(videoPath, { width, height, pixFmt: 'gray', signal });
  const events = simulateFrames(frames, params, { width, height, fps: probe.fps }, (k) => {
    counts.frames = k + 1;
    opts.onProgress?.(k + 1, probe.frameCount);
  });
  const partial = `${out}.partial-${process.pid}`;
  try {
    await writer.write(partial, tally(coalesce(events, BATCH_SIZE), counts, signal), { width, height, compression: opts.compression });
    signal?.throwIfAborted();
    await rename(partial, out);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return {
    out, params, width, height, fps: probe.fps, frames: counts.frames, events: counts.events,
    on: counts.on, off: counts.events - counts.on, seconds: (Date.now() - started) / 1000,
  };
}

/** Passes batches through, counting events and ON events; stops at an abort. */
async function* tally(batches: AsyncIterable<EventBatch>, counts: { events: number; on: number }, signal?: AbortSignal): AsyncGenerator<EventBatch> {
  for await (const b of batches) {
    signal?.throwIfAborted();
    counts.events += b.length;
    for (let i = 0; i < b.length; i++) counts.on += b.p[i]!;
    yield b;
  }
}
