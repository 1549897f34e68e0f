import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../../../src-main/jobs/kinds.js';
import type { JobInfo } from '../../../../src-main/ipc/contract.js';
import { JobRunner } from '../../../../src-main/jobs/runner.js';
import { probeMedia } from '../../../../src-main/media/probe.js';
import { FlowCache } from '../../../../src-main/motion/flow/flowCache.js';
import type { FlowJobResult } from '../../../../src-main/motion/flow/flowJob.js';
import { Workspace } from '../../../../src-main/workspace/workspace.js';
import { removeTempDirs, tempDir, waitUntil } from '../../../helpers/coreFixtures.js';
import { VIDEO_FIXTURES } from '../../../helpers/fixtures.js';
import { ffmpegChildren } from '../../media/mediaTestUtils.js';

let ws: Workspace;
let runner: JobRunner;
let events: JobInfo[];

beforeEach(() => {
  ws = Workspace.open(join(tempDir('mwb-flow-'), 'ws'));
  events = [];
  runner = new JobRunner(ws, { jobChanged: (j) => events.push(j), clipsChanged: () => undefined });
});

afterEach(async () => {
  await runner.dispose();
  ws.close();
  removeTempDirs();
  expect(ffmpegChildren()).toEqual([]);
});

const result = (id: number): FlowJobResult => JSON.parse(ws.jobs.get(id)!.result!) as FlowJobResult;

describe('flow.compute job', () => {
  it('computes flow of media ids and paths into the cache with pair progress, then finds it cached', async () => {
    const one = join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4');
    const id = ws.media.upsert(one);
    ws.media.setProbe(id, await probeMedia(one));
    const avi = join(VIDEO_FIXTURES, 'apply_eye_makeup_320x240_mpeg4.avi');
    const spec = { media: [id, avi, join(VIDEO_FIXTURES, 'missing.mp4')], method: 'farneback', size: { width: 40, height: 32 } };
    const job = runner.enqueue('flow.compute', spec);
    expect(await runner.wait(job)).toMatchObject({ state: 'done', title: expect.stringMatching(/^Optical flow \(Farneback .*40x32\) of 3 video/) });
    const r = result(job);
    expect(r).toMatchObject({ computed: 2, cached: 0 });
    expect(r.failed).toEqual([{ source: join(VIDEO_FIXTURES, 'missing.mp4'), error: expect.stringMatching(/File not found/) }]);
    expect(r.entries.map((e) => [e.source, e.shape])).toEqual(expect.arrayContaining([[`media ${id}`, [31, 32, 40, 2]], [avi, [163, 32, 40, 2]]]));
    const progress = events.filter((e) => e.id === job && e.state === 'running').map((e) => e.progress);
    expect(progress.at(-1)).toMatchObject({ phase: 'flow', total: 31 + 163 });
    expect(progress.some((p) => p.done > 0 && p.done < p.total)).toBe(true);

    const cache = new FlowCache(ws.cache('flow'));
    const hit = cache.read(r.entries.find((e) => e.source === avi)!.key)!;
    expect(hit.meta).toMatchObject({ path: avi, storage: { dtype: 'f2' }, config: { method: 'farneback', params: { winsize: 5 } }, size: { width: 40, height: 32 } });
    expect(hit.flow).toMatchObject({ count: 163, width: 40, height: 32 });
    expect(readdirSync(ws.cache('flow')).filter((n) => n.includes('.tmp'))).toEqual([]);

    const again = runner.enqueue('flow.compute', spec);
    await runner.wait(again);
    expect(result(again)).toMatchObject({ computed: 0, cached: 2 });
  });

  it('rejects a spec with unknown method parameters at the edge', () => {
    expect(() => runner.enqueue('flow.compute', { media: [1], method: 'tvl1', params: { lamda: 0.2 } })).toThrow(/Invalid flow.compute job: params/);
    expect(() => runner.enqueue('flow.compute', { media: [], method: 'farneback' })).toThrow(/choose at least one video/);
  });

  it('cancels promptly mid-video: no entry, no temp file, no ffmpeg left', async () => {
    const job = runner.enqueue('flow.compute', { media: [join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4')], method: 'tvl1', size: 96 });
    await waitUntil(() => (runner.info(job).progress.done ?? 0) >= 2, 'two flow pairs', 30_000);
    runner.cancel(job);
    const ended = await runner.wait(job);
    expect(ended).toMatchObject({ state: 'cancelled' });
    expect(ended.progress.done).toBeLessThan(ended.progress.total!); // stopped mid-video, not run to the end
    expect(readdirSync(ws.cache('flow'))).toEqual([]);
  });
});
