/**
 * Worker-thread entry (for jobs/workerHost.ts `runInWorker`): picks a backend in this thread,
 * builds a model and runs a few training steps on a synthetic batch. Jobs use it to train off
 * the main thread; tests and `mwb doctor --check` use it to prove a rung trains here.
 */
import { threadId } from 'node:worker_threads';
import type { WorkerIo } from '../jobs/workerHost.js';
import { backendRecord, selectBackend } from './backends/ladder.js';
import type { RungId } from './backends/rungs.js';
import { createTrainable, disposeTrainable, syntheticBatch, trainStep } from './trainStep.js';

/** What to train: a family and config, batch size, number of steps, optionally a forced rung. */
export interface TrainStepInput {
  family: string;
  config: unknown;
  batch: number;
  steps: number;
  backend?: RungId;
}

/** The backend used, the loss after each step and the mean step time. */
export interface TrainStepOutput {
  backend: ReturnType<typeof backendRecord>;
  losses: number[];
  msPerStep: number;
  threadId: number;
}

/** Runs `input.steps` training steps; errors (including out of memory) reject with their message. */
export async function work(input: TrainStepInput, io: WorkerIo): Promise<TrainStepOutput> {
  const choice = await selectBackend({ force: input.backend });
  const t = createTrainable(input.family, input.config);
  const { x, labels } = syntheticBatch(t, input.batch);
  try {
    const losses: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < input.steps; i++) {
      losses.push(trainStep(t, x, labels));
      io.progress({ phase: 'train', done: i + 1, total: input.steps, message: `loss ${losses[i]!.toFixed(4)}` });
    }
    return { backend: backendRecord(choice), losses, msPerStep: (performance.now() - t0) / Math.max(1, input.steps), threadId };
  } finally {
    x.dispose();
    labels.dispose();
    disposeTrainable(t);
  }
}
