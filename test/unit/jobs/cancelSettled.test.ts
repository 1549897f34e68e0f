import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JobInfo } from '../../../src-main/ipc/contract.js';
import { registerJobKind } from '../../../src-main/jobs/registry.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { removeTempDirs, tempDir, waitUntil } from '../../helpers/coreFixtures.js';

registerJobKind({
  id: 'test.cancelSettled.slowStop', schema: z.object({}), resumable: true, describe: () => 'Slow to stop',
  run: (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => setTimeout(() => reject(ctx.signal.reason), 80))),
});

let ws: Workspace | null = null;
let runner: JobRunner | null = null;
afterEach(async () => {
  await runner?.dispose();
  ws?.close();
  removeTempDirs();
});

describe('cancel as the UI calls it', () => {
  it('answers with the final state, and every snapshot is ordered so a late reply never wins', async () => {
    ws = Workspace.open(tempDir());
    const events: JobInfo[] = [];
    runner = new JobRunner(ws, { jobChanged: (j) => events.push(j), clipsChanged: () => {} });
    const id = runner.enqueue('test.cancelSettled.slowStop', {});
    await waitUntil(() => runner!.info(id).state === 'running', 'the job to start');
    const stale = runner.info(id); // what a reply read before the stop would carry
    const final = await runner.cancelSettled(id);
    expect(final.state).toBe('cancelled');
    expect(final.seq).toBeGreaterThan(stale.seq);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(events.at(-1)!.state).toBe('cancelled');
    // A queued job settles at once.
    const hold = runner.enqueue('test.cancelSettled.slowStop', {});
    const queued = runner.enqueue('test.cancelSettled.slowStop', {});
    expect((await runner.cancelSettled(queued)).state).toBe('cancelled');
    expect((await runner.cancelSettled(hold)).state).toBe('cancelled');
  });
});
