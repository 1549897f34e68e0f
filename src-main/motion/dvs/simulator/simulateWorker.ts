import type { PoolWorkerIo } from '../../../jobs/workerPool.js';
import { simulate, type SimulateOptions, type SimulateResult } from './simulate.js';

/** What the `events.simulate` job hands its worker thread (structured-cloneable). */
export interface SimulateTask {
  video: string;
  out: string;
  opts: Omit<SimulateOptions, 'onProgress'>;
}

/**
 * Worker-pool entry: runs one simulation off the main thread, reporting frames done at most
 * ~10 times a second; io.signal (job cancel) kills ffmpeg and removes the partial output.
 */
export async function work(task: SimulateTask, io: PoolWorkerIo): Promise<SimulateResult> {
  let last = 0;
  return simulate(task.video, task.out, {
    ...task.opts,
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      io.progress({ phase: 'simulate', done, total: total ?? done, message: `frame ${done}${total ? ` of ${total}` : ''}` });
    },
  }, io.signal);
}
