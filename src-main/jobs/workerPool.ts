import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { JobProgress } from '../ipc/contract.js';
import { SRC_MAIN_DIR } from '../paths.js';
import type { WorkerIo } from './workerHost.js';

/** What a pool task's `work(input, io)` receives: progress plus a signal aborted on cancel. */
export interface PoolWorkerIo extends WorkerIo {
  signal: AbortSignal;
}

/** Options of one pool task. */
export interface PoolTaskOptions {
  /** Aborting cancels the task: its io.signal aborts; if it does not stop within the grace period, its thread is terminated. */
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

/** Options of a pool. */
export interface WorkerPoolOptions {
  /** Threads; default: the number of cores. */
  size?: number;
  /** Old-generation heap cap per thread in MiB; exceeding it fails the task, not the app. */
  maxHeapMb?: number;
  /** How long a cancelled task may take to stop by itself before its thread is terminated (ms). */
  cancelGraceMs?: number;
}

interface Task {
  id: number;
  entry: string;
  input: unknown;
  opts: PoolTaskOptions;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

type Msg = { type: 'progress' | 'result' | 'error'; taskId: number; progress?: JobProgress; result?: unknown; message?: string };

/**
 * Long-lived worker threads that run many tasks each (starting a thread with the TypeScript loader
 * costs ~150 ms, too much per clip): `run(module, input)` queues `work(input, io)` of a module under
 * `src-main/` and resolves with its result. One task per thread at a time; idle threads do not keep
 * the process alive; a crashed or out-of-memory thread fails only its task and is replaced. The
 * owner calls `dispose()`.
 */
export class WorkerPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private disposed = false;

  constructor(private readonly opts: WorkerPoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? availableParallelism());
  }

  /** Runs `work(input, io)` of `moduleRel` (relative to src-main/) on a free thread; input and result are structured-cloned. */
  run<I, O>(moduleRel: string, input: I, opts: PoolTaskOptions = {}): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.disposed) return reject(new Error('The worker pool was disposed'));
      if (opts.signal?.aborted) return reject(opts.signal.reason);
      const task: Task = { id: this.nextId++, entry: join(SRC_MAIN_DIR, moduleRel), input, opts,
        resolve: resolve as (v: unknown) => void, reject };
      task.onAbort = () => this.cancel(task);
      opts.signal?.addEventListener('abort', task.onAbort, { once: true });
      this.queue.push(task);
      this.pump();
    });
  }

  /** Threads started, tasks running, tasks waiting. */
  stats(): { threads: number; busy: number; queued: number } {
    return { threads: this.slots.length, busy: this.slots.filter((s) => s.task).length, queued: this.queue.length };
  }

  /** Rejects waiting and running tasks and terminates every thread. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const err = new Error('The worker pool was disposed');
    for (const t of this.queue.splice(0)) this.settle(t, () => t.reject(err));
    await Promise.all(this.slots.splice(0).map((s) => {
      if (s.timer) clearTimeout(s.timer);
      const task = s.task;
      s.task = null;
      if (task) this.settle(task, () => task.reject(err));
      return s.worker.terminate();
    }));
  }

  private pump(): void {
    while (this.queue.length && !this.disposed) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ type: 'task', taskId: task.id, entry: task.entry, input: task.input });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(join(SRC_MAIN_DIR, 'jobs', 'poolWorker.mjs'), {
      resourceLimits: this.opts.maxHeapMb ? { maxOldGenerationSizeMb: this.opts.maxHeapMb } : undefined,
    });
    const slot: Slot = { worker, task: null, timer: null };
    worker.on('message', (msg: Msg) => {
      const task = slot.task;
      if (!task || msg.taskId !== task.id) return;
      if (msg.type === 'progress' && msg.progress) task.opts.onProgress?.(msg.progress);
      if (msg.type !== 'result' && msg.type !== 'error') return;
      this.release(slot);
      const signal = task.opts.signal;
      if (signal?.aborted) this.settle(task, () => task.reject(signal.reason));
      else if (msg.type === 'result') this.settle(task, () => task.resolve(msg.result));
      else this.settle(task, () => task.reject(new Error(msg.message)));
    });
    worker.on('error', (err) => this.lost(slot, err));
    worker.on('exit', (code) => this.lost(slot, new Error(`Worker thread exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  /** A thread died (crash, out of memory, termination): fail its task, forget the thread, go on. */
  private lost(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = null;
    if (task) {
      const signal = task.opts.signal;
      const oom = /memory/i.test(err.message) || (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      const why = oom ? new Error(`Worker ran out of memory running ${task.entry}: ${err.message}`) : err;
      this.settle(task, () => task.reject(signal?.aborted ? signal.reason : why));
    }
    this.pump();
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    slot.worker.unref();
    queueMicrotask(() => this.pump());
  }

  private cancel(task: Task): void {
    const q = this.queue.indexOf(task);
    if (q >= 0) {
      this.queue.splice(q, 1);
      this.settle(task, () => task.reject(task.opts.signal!.reason));
      return;
    }
    const slot = this.slots.find((s) => s.task === task);
    if (!slot) return;
    slot.worker.postMessage({ type: 'cancel', taskId: task.id });
    // Code that never looks at its signal (a tight JS loop) is stopped the hard way.
    slot.timer = setTimeout(() => void slot.worker.terminate(), this.opts.cancelGraceMs ?? 2000);
  }

  private settle(task: Task, fn: () => void): void {
    if (task.onAbort) task.opts.signal?.removeEventListener('abort', task.onAbort);
    task.onAbort = undefined;
    fn();
  }
}
