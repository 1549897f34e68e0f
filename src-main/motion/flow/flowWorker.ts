import type { PoolWorkerIo } from '../../jobs/workerPool.js';
import { getFlowMethod } from './methods.js';
import type { FlowConfig, FlowStorage } from './params.js';
import { encodeFlow, type EncodedFlow } from './quantize.js';
import type { FlowEstimator } from './registry.js';

/** One chunk of a clip for a pool thread: F consecutive grey frames -> F-1 flows. */
export interface FlowChunkInput {
  config: FlowConfig;
  storage: FlowStorage;
  width: number;
  height: number;
  /** Grey frames, uint8 F x H x W (F >= 2). */
  frames: Uint8Array;
}

/** The chunk's flows, encoded for storage: (F-1) x H x W x 2 values of the storage dtype. */
export interface FlowChunkOutput {
  data: EncodedFlow;
  pairs: number;
}

/** This thread's estimator, kept across tasks (opencv.js loads and allocates its Mats once). */
let current: { key: string; est: FlowEstimator } | null = null;

async function estimatorFor(input: FlowChunkInput): Promise<FlowEstimator> {
  const key = JSON.stringify([input.config, input.width, input.height]);
  if (current?.key === key) return current.est;
  current?.est.dispose();
  current = null;
  const method = getFlowMethod(input.config.method);
  const est = await method.create(input.width, input.height, method.schema.parse(input.config.params));
  current = { key, est };
  return est;
}

/**
 * Pool entry (`motion/flow/flowWorker.ts`): flows between consecutive frames of a chunk, one
 * progress report per pair (`done` = pairs finished in this chunk), stopping between pairs when
 * the task is cancelled.
 */
export async function work(input: FlowChunkInput, io: PoolWorkerIo): Promise<FlowChunkOutput> {
  const { width: w, height: h } = input;
  const px = w * h;
  const count = input.frames.length / px;
  if (!Number.isInteger(count) || count < 2) throw new Error(`flow chunk: need at least two ${w}x${h} frames, got ${input.frames.length} bytes`);
  const est = await estimatorFor(input);
  const pairs = count - 1;
  const flows = new Float32Array(pairs * px * 2);
  for (let i = 0; i < pairs; i++) {
    io.signal.throwIfAborted();
    const prev = input.frames.subarray(i * px, (i + 1) * px);
    const next = input.frames.subarray((i + 1) * px, (i + 2) * px);
    flows.set(est.compute(prev, next), i * px * 2);
    io.progress({ phase: 'flow', done: i + 1, total: pairs, message: '' });
  }
  return { data: encodeFlow(flows, input.storage), pairs };
}
