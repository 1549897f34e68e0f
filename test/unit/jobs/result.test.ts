import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerJobKind } from '../../../src-main/jobs/registry.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';

registerJobKind({
  id: 'test.result.report', schema: z.object({ n: z.number() }), resumable: false, describe: () => 'Report',
  run: async (ctx) => ({ created: { count: ctx.spec.n, files: ['a.mp4', 'ü b.mp4'] } }),
});

let ws: Workspace | null = null;
let runner: JobRunner | null = null;
afterEach(async () => {
  await runner?.dispose();
  ws?.close();
  removeTempDirs();
});

describe('job results', () => {
  it('are stored with the job and read back after it ends, null before', async () => {
    ws = Workspace.open(tempDir());
    runner = new JobRunner(ws, { jobChanged: () => {}, clipsChanged: () => {} });
    const id = runner.enqueue('test.result.report', { n: 2 });
    expect(runner.result(id)).toEqual({ id, kind: 'test.result.report', result: null });
    await runner.wait(id);
    expect(runner.result(id).result).toEqual({ created: { count: 2, files: ['a.mp4', 'ü b.mp4'] } });
    expect(() => runner!.result(id + 99)).toThrow(/No job/);
  });
});
