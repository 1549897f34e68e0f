import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-main/ipc/contract.js';
import { runInWorker } from '../../../src-main/jobs/workerHost.js';
import type { TrainStepInput, TrainStepOutput } from '../../../src-main/training/trainStepWorker.js';

const WORKER = 'training/trainStepWorker.ts';
const tiny = { inputSize: 24, widths: [4, 6, 8], classes: 3 };

describe('training in a worker thread on the wasm backend', () => {
  it('runs training steps off the main thread, reports progress, and the loss goes down', async () => {
    const progress: JobProgress[] = [];
    const out = await runInWorker<TrainStepInput, TrainStepOutput>(WORKER,
      { family: 'small-cnn', config: tiny, batch: 4, steps: 5, backend: 'wasm' }, { onProgress: (p) => progress.push(p) });
    expect(out.threadId).toBeGreaterThan(0);
    expect(out.backend).toMatchObject({ rung: 'wasm', threads: 1 });
    expect(out.losses).toHaveLength(5);
    // Same batch five times with Adam: the loss must fall.
    expect(out.losses[4]!).toBeLessThan(out.losses[0]!);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
  });

  it('two workers train at once, each with its own wasm module', async () => {
    const run = (family: string, config: unknown): Promise<TrainStepOutput> =>
      runInWorker<TrainStepInput, TrainStepOutput>(WORKER, { family, config, batch: 2, steps: 1, backend: 'wasm' });
    const [a, b] = await Promise.all([run('small-cnn', tiny), run('lstm-head', { steps: 3, codeSize: 6, units: 4, classes: 3 })]);
    expect(a.threadId).not.toBe(b.threadId);
    expect([a.backend.rung, b.backend.rung]).toEqual(['wasm', 'wasm']);
    expect(Number.isFinite(a.losses[0]) && Number.isFinite(b.losses[0])).toBe(true);
  });

  it('running out of wasm memory fails the run with an error naming the batch size', async () => {
    // 200000 x 224 x 224 x 3 float32 is far past the 4 GiB a wasm32 heap can hold.
    const err = await runInWorker(WORKER, { family: 'small-cnn', config: { ...tiny, inputSize: 224 }, batch: 200000, steps: 1, backend: 'wasm' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/Out of memory training small-cnn with batch size 200000 on the WebAssembly heap/);
    expect((err as Error).message).toMatch(/smaller batch size \(e\.g\. 100000\)/);
  });
});
