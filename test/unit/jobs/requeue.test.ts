import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerJobKind } from '../../../src-main/jobs/registry.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { removeTempDirs, tempDir, waitUntil } from '../../helpers/coreFixtures.js';

for (const resumable of [true, false]) {
  registerJobKind({
    id: `test.requeue.${resumable ? 'resumable' : 'oneShot'}`, schema: z.object({}), resumable, describe: () => 'Long',
    run: (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
  });
}

let ws: Workspace | null = null;
afterEach(() => {
  ws?.close();
  removeTempDirs();
});

describe('a short-lived owner leaving follow-up jobs for the app', () => {
  it('puts a running resumable job back in the queue, interrupts the others, and the next runner starts it', async () => {
    const dir = tempDir();
    ws = Workspace.open(dir);
    const noop = { jobChanged: () => {}, clipsChanged: () => {} };
    const first = new JobRunner(ws, noop);
    const resumable = first.enqueue('test.requeue.resumable', {});
    await waitUntil(() => first.info(resumable).state === 'running', 'the job to start');
    await first.dispose({ requeueRunning: true });
    expect(ws.jobs.get(resumable)!.state).toBe('queued');

    const second = new JobRunner(ws, noop); // the app opening the workspace later
    await waitUntil(() => second.info(resumable).state === 'running', 'the requeued job to run again');
    const oneShot = second.enqueue('test.requeue.oneShot', {});
    await second.cancelSettled(resumable);
    await waitUntil(() => second.info(oneShot).state === 'running', 'the one-shot job to start');
    await second.dispose({ requeueRunning: true });
    expect(ws.jobs.get(oneShot)!.state).toBe('interrupted');
  });
});
