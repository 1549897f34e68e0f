/**
 * The batch-reading thread of the training and evaluation processes (see `prefetch.ts`). It owns
 * its own open-file cache and answers `load` requests with host batches whose buffers are
 * transferred, not copied. Runs under `jobs/workerBootstrap.mjs`; `work` resolves on `close`.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { closeBatchFiles, makeBatch } from './batches.js';
import type { BatchCall, BatchWorkerReply, BatchWorkerRequest } from './prefetch.js';
import type { DataManifest, HostBatch } from './types.js';

/** Every buffer of `batches`, for the transfer list. */
function buffersOf(batches: HostBatch[]): ArrayBuffer[] {
  return batches.flatMap((b) => [...b.inputs.map((x) => x.data.buffer), b.labels.buffer, b.clipIds.buffer, b.views.buffer] as ArrayBuffer[]);
}

function load(manifest: DataManifest, calls: BatchCall[]): HostBatch[] {
  return calls.map((c) => makeBatch(manifest, manifest.subsets[c.subset], c.items, c.opts));
}

/** `replies`: the port batches go back on (the reader takes ready ones without an event-loop turn). */
export function work(input: { manifest: DataManifest; replies: MessagePort }): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('batchWorker.ts runs only as a worker thread');
  return new Promise((resolve) => {
    port.on('message', (msg: BatchWorkerRequest) => {
      if (msg.type === 'close') {
        closeBatchFiles();
        port.removeAllListeners('message');
        input.replies.close();
        resolve();
        return;
      }
      let reply: BatchWorkerReply;
      let transfer: ArrayBuffer[] = [];
      try {
        const batches = load(input.manifest, msg.calls);
        reply = { type: 'batches', id: msg.id, batches };
        transfer = buffersOf(batches);
      } catch (err) {
        reply = { type: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err) };
      }
      input.replies.postMessage(reply, transfer);
    });
  });
}
