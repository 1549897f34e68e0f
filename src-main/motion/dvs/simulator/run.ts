import type { EventBatch } from '../types.js';
import { EventSink } from './eventSink.js';
import { lerpFrames } from './logImage.js';
import { getDvsModel, parseSimParams, type BaseSimParams, type PixelModel } from './models.js';
import './ideal.js';
import './v2e.js';

/** Frame geometry and rate of a grey frame stream. */
export interface FrameStreamInfo {
  width: number;
  height: number;
  /** Frames per second: frame k is at round(k·1e6/fps) µs (the first at 0). */
  fps: number;
}

/** A model instance for these (raw, validated here) options and frame size. */
export function createPixelModel(rawParams: unknown, width: number, height: number): { model: PixelModel; params: BaseSimParams } {
  const params = parseSimParams(rawParams);
  return { model: getDvsModel(params.model).create(params, width, height), params };
}

/**
 * Events from grey frames (each a Uint8Array of height x width, row-major): one time-sorted
 * EventBatch per source frame interval (t in whole µs from the first frame; possibly empty).
 * With `upsample` U > 1, U − 1 log frames are linearly interpolated between each pair of source
 * frames and the model steps through all of them. `onFrame(k)` is called after source frame k.
 */
export async function* simulateFrames(frames: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, rawParams: unknown,
  info: FrameStreamInfo, onFrame?: (k: number) => void): AsyncGenerator<EventBatch> {
  const { width, height, fps } = info;
  if (!(fps > 0)) throw new Error(`Cannot simulate events: the frame rate ${fps} is not positive`);
  const { model, params } = createPixelModel(rawParams, width, height);
  const u = params.upsample;
  const n = width * height;
  let prev = new Float32Array(n), cur = new Float32Array(n);
  const mid = u > 1 ? new Float32Array(n) : cur;
  const sink = new EventSink();
  let k = 0, tPrev = 0;
  for await (const gray of frames) {
    if (gray.length !== n) throw new Error(`Frame ${k} has ${gray.length} bytes, expected ${width} x ${height} = ${n}`);
    const t = Math.round((k * 1e6) / fps);
    model.toLog(gray, cur);
    if (k === 0) {
      model.init(cur, t);
    } else {
      if (t - tPrev < u) throw new Error(`Cannot upsample ${u}x: frames are only ${t - tPrev} µs apart`);
      for (let j = 1; j < u; j++) {
        lerpFrames(prev, cur, j / u, mid);
        model.step(mid, tPrev + Math.round((j * (t - tPrev)) / u), sink);
      }
      model.step(cur, t, sink);
      yield sink.takeSorted(tPrev, t);
    }
    onFrame?.(k);
    [prev, cur] = [cur, prev];
    tPrev = t;
    k++;
  }
}
