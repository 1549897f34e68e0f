import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerJobKind } from '../../../src-main/jobs/registry.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import { runInWorker } from '../../../src-main/jobs/workerHost.js';
import { SRC_MAIN_DIR } from '../../../src-main/paths.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { openFilesUnder, removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';
import type { MisbehaveInput } from './fixtures/misbehave.worker.js';

const BAD = relative(SRC_MAIN_DIR, fileURLToPath(new URL('./fixtures/misbehave.worker.ts', import.meta.url)));
const beats = new Map<number, Int32Array>();

// A job kind whose work happens in a worker thread, as the heavy kinds (flow, DVS, training) do.
const InWorker = registerJobKind({
  id: 'test.workerJob.inWorker', schema: z.object({ mode: z.enum(['spin', 'oom']) }), resumable: false,
  describe: (s) => `Worker ${s.mode}`,
  run(ctx) {
    const buf = new SharedArrayBuffer(4);
    beats.set(ctx.jobId, new Int32Array(buf));
    const input: MisbehaveInput = { mode: ctx.spec.mode, beat: buf };
    return runInWorker(BAD, input, { signal: ctx.signal, maxHeapMb: 32 });
  },
});
const Quick = registerJobKind({
  id: 'test.workerJob.quick', schema: z.object({}), resumable: false, describe: () => 'Quick',
  run: async () => 'ok',
});

let dir = '';
let ws: Workspace;
let runner: JobRunner;
beforeEach(() => {
  dir = tempDir();
  ws = Workspace.open(dir);
  runner = new JobRunner(ws, { jobChanged: () => {}, clipsChanged: () => {} });
});
afterEach(async () => {
  await runner.dispose();
  ws.close();
  expect(openFilesUnder(dir)).toEqual([]);
  removeTempDirs();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a job that runs in a worker', () => {
  it('is cancelled and its thread stopped when the user cancels', async () => {
    const id = runner.enqueue(InWorker.id, { mode: 'spin' });
    while (!beats.get(id) || Atomics.load(beats.get(id)!, 0) === 0) await sleep(5);
    runner.cancel(id);
    expect((await runner.wait(id)).state).toBe('cancelled');
    await sleep(50);
    const a = Atomics.load(beats.get(id)!, 0);
    await sleep(60);
    expect(Atomics.load(beats.get(id)!, 0)).toBe(a);
  });

  it('fails with an out-of-memory message while the app and the queue go on', async () => {
    const id = runner.enqueue(InWorker.id, { mode: 'oom' });
    const next = runner.enqueue(Quick.id, {});
    await runner.idle();
    expect(runner.info(id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/ran out of memory/) });
    expect(runner.info(next).state).toBe('done');
  });
});
