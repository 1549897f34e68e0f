import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { JobProgress } from '../ipc/contract.js';
import { SRC_MAIN_DIR } from '../paths.js';

/** What a worker module receives besides its input. */
export interface WorkerIo {
  progress(p: JobProgress): void;
}

/** Options for one worker run: cancellation, progress and a memory cap. */
export interface WorkerRunOptions {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** Old-generation heap cap in MiB; exceeding it fails this run, not the app. */
  maxHeapMb?: number;
}

/**
 * Runs `work(input, io)` exported by a module under `src-main/` (path relative to it, `.ts`) in a
 * worker thread, so CPU-heavy JS never blocks the main process. Aborting terminates the thread at
 * once; a crash or out-of-memory rejects with the worker's message. Input and result must be
 * structured-cloneable (typed arrays are fine).
 */
export function runInWorker<I, O>(moduleRel: string, input: I, opts: WorkerRunOptions = {}): Promise<O> {
  const entry = join(SRC_MAIN_DIR, moduleRel);
  return new Promise<O>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    const worker = new Worker(join(SRC_MAIN_DIR, 'jobs', 'workerBootstrap.mjs'), {
      workerData: { entry, input },
      resourceLimits: opts.maxHeapMb ? { maxOldGenerationSizeMb: opts.maxHeapMb } : undefined,
    });
    let settled = false;
    // Every outcome ends the thread: a module that leaves a timer or socket open must not keep
    // a worker alive after its result was delivered.
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = (): void => settle(() => reject(opts.signal!.reason));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: { type: string; progress?: JobProgress; result?: O; message?: string }) => {
      if (msg.type === 'progress' && msg.progress) opts.onProgress?.(msg.progress);
      else if (msg.type === 'result') settle(() => resolve(msg.result as O));
      else if (msg.type === 'error') settle(() => reject(new Error(msg.message)));
    });
    worker.on('error', (err) => {
      const oom = /memory/i.test(err.message) || (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() => reject(new Error(oom ? `Worker ran out of memory (${moduleRel}): ${err.message}` : err.message)));
    });
    worker.on('exit', (code) => {
      settle(() => reject(new Error(`Worker ${moduleRel} exited with code ${code} before finishing`)));
    });
  });
}
