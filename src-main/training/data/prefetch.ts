/**
 * Batches read ahead on a worker thread. The training step holds the process's thread (tfjs-wasm
 * runs synchronously), so reading the next batch on the same thread adds its whole cost to every
 * step; for small models over cached codes that was 11-16% of the step (S002's Average head).
 * Here a worker thread reads batch i+1.. while step i runs, and hands over the buffers by
 * transfer. `makeBatch` is a pure function of (manifest, items, options), so a batch read on the
 * worker is the batch the loop would have read itself: seeds, augmentation and resume are unchanged.
 */
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { SRC_MAIN_DIR } from '../../paths.js';
import type { BatchOptions, PlanItem } from './batches.js';
import type { DataManifest, HostBatch } from './types.js';

/** One `makeBatch` call: rows of a subset with their options (no reader: the worker has its own). */
export interface BatchCall {
  subset: keyof DataManifest['subsets'];
  items: PlanItem[];
  opts: Omit<BatchOptions, 'reader'>;
}

export type BatchWorkerRequest = { type: 'load'; id: number; calls: BatchCall[] } | { type: 'close' };
export type BatchWorkerReply = { type: 'batches'; id: number; batches: HostBatch[] } | { type: 'failed'; id: number; message: string };

interface Waiter {
  resolve(b: HostBatch[]): void;
  reject(e: Error): void;
}

/** A worker thread that reads batches of one manifest on request. */
export class BatchPrefetcher {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private stopped: Error | null = null;
  private readonly exited: Promise<void>;
  private readonly replies: MessagePort;

  constructor(manifest: DataManifest) {
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    this.worker = new Worker(join(SRC_MAIN_DIR, 'jobs', 'workerBootstrap.mjs'), {
      workerData: { entry: join(SRC_MAIN_DIR, 'training', 'data', 'batchWorker.ts'), input: { manifest, replies: port2 } },
      transferList: [port2],
    });
    this.replies.on('message', (msg: BatchWorkerReply) => this.settle(msg));
    this.worker.on('message', (msg: { type: 'result' } | { type: 'error'; message: string }) => {
      if (msg.type === 'result') void this.worker.terminate(); // answered `close`: its files are closed
      else if (msg.type === 'error') this.fail(new Error(`The batch reader could not start: ${msg.message}`));
    });
    this.worker.on('error', (err) => this.fail(new Error(`The batch reader failed: ${err.message}`)));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => {
      this.fail(new Error('The batch reader stopped'));
      this.replies.close();
      resolve();
    }));
  }

  /**
   * Settles every load whose batches have already arrived, without waiting for the event loop to
   * deliver them: the training step holds the thread, so a batch that arrived during it would
   * otherwise wait for the next turn of the loop (and whatever else runs there).
   */
  collect(): void {
    for (let m = receiveMessageOnPort(this.replies); m; m = receiveMessageOnPort(this.replies)) this.settle(m.message as BatchWorkerReply);
  }

  /** The host batches of `calls`, read on the worker. */
  load(calls: BatchCall[]): Promise<HostBatch[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    const p = new Promise<HostBatch[]>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ type: 'load', id, calls } satisfies BatchWorkerRequest);
    return p;
  }

  /** Closes the worker's files and ends the thread; loads still pending are rejected. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.fail(new Error('The batch reader was closed'));
    this.worker.postMessage({ type: 'close' } satisfies BatchWorkerRequest);
    const timer = setTimeout(() => void this.worker.terminate(), 2000); // never hang on a stuck thread
    await this.exited;
    clearTimeout(timer);
  }

  private settle(msg: BatchWorkerReply): void {
    const w = this.waiting.get(msg.id);
    this.waiting.delete(msg.id);
    if (msg.type === 'batches') w?.resolve(msg.batches);
    else w?.reject(new Error(msg.message));
  }

  private fail(err: Error): void {
    this.stopped ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}

/**
 * The batches 0..count-1 of a pass, each requested `depth` batches before it is taken, so the
 * worker reads while the caller computes. `take(i)` must be called with i = 0, 1, 2, ...
 */
export class BatchQueue {
  private readonly inflight = new Map<number, Promise<HostBatch[]>>();
  private issued = 0;

  constructor(private readonly reader: BatchPrefetcher, private readonly count: number,
    private readonly callsFor: (index: number) => BatchCall[], private readonly depth = 2) {}

  take(index: number): Promise<HostBatch[]> {
    if (index >= this.count) throw new Error(`BatchQueue: batch ${index} of ${this.count}`);
    while (this.issued < Math.min(this.count, index + 1 + this.depth)) {
      const p = this.reader.load(this.callsFor(this.issued));
      p.catch(() => undefined); // a pass that stops early leaves requests behind: not unhandled
      this.inflight.set(this.issued++, p);
    }
    this.reader.collect();
    const p = this.inflight.get(index);
    if (!p) throw new Error(`BatchQueue: batch ${index} was already taken`);
    this.inflight.delete(index);
    return p;
  }
}
