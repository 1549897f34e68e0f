/**
 * Pool entry (`training/data/sources/dvsWorker.ts`): S000 three-frame stacks of one event
 * recording, made on a worker thread (reading and binning events is CPU work): binary frames of
 * `windowMs`, three consecutive ones as the channels of one image (stacks do not share frames),
 * each centre-cropped to a square and area-averaged to size x size, values 0-1; `stacks` of them,
 * evenly spaced, written as float32 [stacks, size, size, 3].
 */
import { renameSync } from 'node:fs';
import type { PoolWorkerIo } from '../../../jobs/workerPool.js';
import { writeNpy } from '../../../media/npy.js';
import '../../../motion/dvs/index.js';
import { framesFromFile } from '../../../motion/dvs/frames/index.js';
import { evenlySpaced } from '../../../motion/flow/stacks.js';

/** One recording to turn into stacks. */
export interface DvsStackTask {
  path: string;
  /** Window per binary frame, ms. */
  windowMs: number;
  stacks: number;
  size: number;
  /** Trim in seconds from the first event (end null = to the end). */
  start: number;
  end: number | null;
  outPath: string;
}

/** How many stacks the recording gave and how many were written. */
export interface DvsStackResult {
  available: number;
  views: number;
}

/**
 * Centre square crop + area average of an interleaved uint8 H x W x 3 image to float32 S x S x 3
 * in 0-1 (each output pixel is the mean of the source pixels its square covers, partial ones weighted).
 */
export function squareAreaResize(src: Uint8Array, width: number, height: number, size: number): Float32Array {
  const side = Math.min(width, height);
  const x0 = Math.floor((width - side) / 2), y0 = Math.floor((height - side) / 2);
  const scale = side / size;
  const out = new Float32Array(size * size * 3);
  const span = (o: number): { from: number; to: number } => ({ from: o * scale, to: (o + 1) * scale });
  for (let oy = 0; oy < size; oy++) {
    const ys = span(oy);
    for (let ox = 0; ox < size; ox++) {
      const xs = span(ox);
      let r = 0, g = 0, b = 0, wsum = 0;
      for (let y = Math.floor(ys.from); y < Math.ceil(ys.to); y++) {
        const wy = Math.min(y + 1, ys.to) - Math.max(y, ys.from);
        for (let x = Math.floor(xs.from); x < Math.ceil(xs.to); x++) {
          const w = wy * (Math.min(x + 1, xs.to) - Math.max(x, xs.from));
          const i = ((y0 + y) * width + x0 + x) * 3;
          r += w * src[i]!; g += w * src[i + 1]!; b += w * src[i + 2]!;
          wsum += w;
        }
      }
      const o = (oy * size + ox) * 3;
      out[o] = r / wsum / 255; out[o + 1] = g / wsum / 255; out[o + 2] = b / wsum / 255;
    }
  }
  return out;
}

/** Streams the recording's stacks (resized on arrival, so only small images are kept) and writes the file. */
export async function work(task: DvsStackTask, io: PoolWorkerIo): Promise<DvsStackResult> {
  const kept: Float32Array[] = [];
  let sensor = { width: 0, height: 0 };
  let t0 = NaN;
  const startUs = task.start * 1e6, endUs = task.end == null ? Infinity : task.end * 1e6;
  const frames = framesFromFile(task.path, { window: { by: 'time', windowUs: task.windowMs * 1000 }, mode: 'stack3', options: { stackStride: 3 } },
    { onOpen: (s) => { sensor = s; } });
  for await (const f of frames) {
    io.signal.throwIfAborted();
    if (Number.isNaN(t0)) t0 = f.tStart;
    if (f.tStart - t0 < startUs) continue;
    if (f.tEnd - t0 > endUs) break;
    kept.push(squareAreaResize(f.data as Uint8Array, sensor.width, sensor.height, task.size));
  }
  if (!kept.length) {
    throw new Error(`${task.path} gives no 3-frame stack of ${task.windowMs} ms windows${task.start > 0 || task.end != null ? ` between ${task.start} s and ${task.end ?? 'the end'}` : ''}; ` +
      'use a shorter windowMs or a longer clip');
  }
  const one = task.size * task.size * 3;
  const data = new Float32Array(task.stacks * one);
  evenlySpaced(kept.length, task.stacks).forEach((k, i) => data.set(kept[k]!, i * one));
  const tmp = `${task.outPath}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeNpy(tmp, { dtype: 'f4', shape: [task.stacks, task.size, task.size, 3], data });
  renameSync(tmp, task.outPath);
  return { available: kept.length, views: task.stacks };
}
