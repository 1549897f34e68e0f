import { decodeFrames } from '../../media/decode.js';
import type { WorkerPool } from '../../jobs/workerPool.js';
import type { FlowChunkInput, FlowChunkOutput } from './flowWorker.js';
import type { FlowConfig, FlowStorage } from './params.js';
import { NpyStreamWriter } from './npyStream.js';

/** What to compute for one video and where to write it. */
export interface VideoFlowOptions {
  path: string;
  width: number;
  height: number;
  resize?: 'stretch' | 'cover';
  /** Seconds: only this part of the file (a trimmed clip). */
  start?: number;
  duration?: number;
  config: FlowConfig;
  storage: FlowStorage;
  /** The .npy to write ((N-1) x H x W x 2 of the storage dtype); written atomically. */
  outPath: string;
  pool: WorkerPool;
  signal?: AbortSignal;
  /** Frame pairs done so far in this video (called often; throttle before showing). */
  onProgress?: (pairs: number) => void;
  /** Frame pairs per pool task (default 16): small enough to spread one clip over every thread. */
  chunkPairs?: number;
}

/** Shape and size of a finished flow file. */
export interface VideoFlowResult {
  pairs: number;
  shape: number[];
}

/** Where flow module tasks run, relative to src-main/. */
const WORKER = 'motion/flow/flowWorker.ts';

/**
 * Flow of every consecutive frame pair of a video, streamed: ffmpeg decodes grey frames here,
 * chunks of `chunkPairs` pairs (neighbouring chunks share a frame) run on the pool's threads, and
 * their results are appended in order to the .npy as they arrive, so memory stays at a few chunks
 * however long the video. Cancelling `signal` stops decoding and the threads' tasks and leaves no
 * output file. A video with fewer than two frames is an error naming the file.
 */
export async function computeVideoFlow(opts: VideoFlowOptions): Promise<VideoFlowResult> {
  const { width: w, height: h, pool } = opts;
  // Aborted on cancel, or when anything fails, so no chunk keeps a thread busy after we return.
  const local = new AbortController();
  const onAbort = (): void => local.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  const signal = local.signal;
  const px = w * h;
  const chunkPairs = Math.max(1, opts.chunkPairs ?? 16);
  const maxInFlight = pool.size * 2;
  const writer = new NpyStreamWriter(opts.outPath, opts.storage.dtype, [h, w, 2]);
  const pending: Promise<FlowChunkOutput>[] = [];
  const live = new Map<number, number>(); // chunk index -> pairs done (progress of running chunks)
  let written = 0;
  let finishedPairs = 0;
  const report = (): void => opts.onProgress?.(finishedPairs + [...live.values()].reduce((a, b) => a + b, 0));
  const submit = (frames: Uint8Array, index: number): void => {
    const input: FlowChunkInput = { config: opts.config, storage: opts.storage, width: w, height: h, frames };
    live.set(index, 0);
    const p = pool.run<FlowChunkInput, FlowChunkOutput>(WORKER, input, {
      signal, onProgress: (pr) => { if (live.has(index)) { live.set(index, pr.done); report(); } },
    }).then((out) => {
      live.delete(index);
      finishedPairs += out.pairs;
      report();
      return out;
    });
    p.catch(() => undefined); // awaited in order below; this keeps an early rejection from being unhandled
    pending.push(p);
  };
  const drain = async (keep: number): Promise<void> => {
    while (pending.length - written > keep) writer.append((await pending[written++]!).data);
  };
  try {
    let chunk = new Uint8Array((chunkPairs + 1) * px);
    let filled = 0;
    let chunks = 0;
    for await (const frame of decodeFrames(opts.path, { width: w, height: h, pixFmt: 'gray', resize: opts.resize, start: opts.start, duration: opts.duration, signal, threads: 1 })) {
      chunk.set(frame, filled * px);
      if (++filled === chunkPairs + 1) {
        submit(chunk, chunks++);
        const last = chunk.subarray(chunkPairs * px);
        chunk = new Uint8Array((chunkPairs + 1) * px);
        chunk.set(last);
        filled = 1;
        await drain(maxInFlight);
      }
    }
    if (filled >= 2) submit(chunk.slice(0, filled * px), chunks++);
    await drain(0);
    signal.throwIfAborted();
    if (writer.length === 0) throw new Error(`${opts.path} has fewer than two frames: there is no motion to compute flow from`);
    const shape = writer.close();
    return { pairs: shape[0]!, shape };
  } catch (err) {
    if (!local.signal.aborted) local.abort(err);
    writer.abort();
    await Promise.allSettled(pending); // let cancelled chunks settle before the caller moves on
    throw opts.signal?.aborted ? opts.signal.reason : err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
