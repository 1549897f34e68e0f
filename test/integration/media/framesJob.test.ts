import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../../src-main/jobs/kinds.js';
import { dispatch, type HandlerContext } from '../../../src-main/ipc/handlers/index.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import { FrameCache } from '../../../src-main/media/frameCache.js';
import type { FramesJobResult } from '../../../src-main/media/framesJob.js';
import { probeMedia } from '../../../src-main/media/probe.js';
import type { ScrubJobResult } from '../../../src-main/media/scrubJob.js';
import { readNpy } from '../../../src-main/media/npy.js';
import { resolveFileKey } from '../../../src-main/workspace/files.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { waitUntil } from '../../helpers/coreFixtures.js';
import { VIDEO_FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, ffmpegChildren, jpegSize, tempDir } from './mediaTestUtils.js';

let ws: Workspace;
let runner: JobRunner;
let mediaIds: number[];

beforeEach(async () => {
  ws = Workspace.open(join(tempDir(), 'ws'));
  runner = new JobRunner(ws, { jobChanged: () => undefined, clipsChanged: () => undefined });
  mediaIds = [];
  for (const f of ['pool_cleaning_340x256.mp4', 'pool_cleaning_1s.mp4', 'apply_eye_makeup_320x240_mpeg4.avi']) {
    const id = ws.media.upsert(join(VIDEO_FIXTURES, f));
    ws.media.setProbe(id, await probeMedia(join(VIDEO_FIXTURES, f)));
    ws.clips.upsert({ mediaId: id, name: f });
    mediaIds.push(id);
  }
  ws.clips.upsert({ mediaId: mediaIds[0]!, name: 'pool 2.5-3.5', start: 2.5, end: 3.5 });
});

afterEach(async () => {
  await runner.dispose();
  ws.close();
  cleanTempDirs();
  expect(ffmpegChildren()).toEqual([]);
});

const resultOf = <T>(id: number): T => JSON.parse(ws.jobs.get(id)!.result!) as T;
const sample = { strategy: 'uniform', params: { n: 8 }, width: 32, height: 32 };

describe('frames.extract job', () => {
  it('fills the cache for every clip in parallel, then finds everything cached', async () => {
    const id = runner.enqueue('frames.extract', { sample, threads: 2 });
    expect((await runner.wait(id)).state).toBe('done');
    const r = resultOf<FramesJobResult>(id);
    expect(r).toMatchObject({ clips: 4, extracted: 4, cached: 0, failed: [] });
    const dir = ws.cache('frames');
    const npys = readdirSync(dir).filter((f) => f.endsWith('.npy'));
    expect(npys).toHaveLength(4);
    for (const f of npys) {
      expect(readNpy(join(dir, f)).shape).toEqual([8, 32, 32, 3]);
      const meta = JSON.parse(readFileSync(join(dir, f.replace('.npy', '.json')), 'utf8')) as { source: { start: number }; indices: number[]; frameCount: number };
      expect(meta.source.start === 2.5 ? meta.frameCount : 30).toBe(30); // the trimmed clip has 30 frames
      expect(meta.indices).toHaveLength(8);
    }
    const again = runner.enqueue('frames.extract', { sample });
    await runner.wait(again);
    expect(resultOf<FramesJobResult>(again)).toMatchObject({ extracted: 0, cached: 4 });
    expect(ws.jobs.get(again)!.total).toBe(4);
  });

  it('reports a clip whose file is broken and carries on', async () => {
    const bad = join(tempDir(), 'bad.mp4');
    writeFileSync(bad, 'not a video');
    const mid = ws.media.upsert(bad);
    ws.media.setProbe(mid, { status: 'ok', duration: 1, fps: 30, frameCount: 30, width: 8, height: 8, codec: 'h264', rotation: 0, sizeBytes: 11, fingerprint: 'x' });
    const clipId = ws.clips.upsert({ mediaId: mid, name: 'bad' });
    const id = runner.enqueue('frames.extract', { sample });
    expect((await runner.wait(id)).state).toBe('done');
    const r = resultOf<FramesJobResult>(id);
    expect(r.extracted).toBe(4);
    expect(r.failed).toEqual([{ clipId, path: bad, error: expect.stringContaining(`Cannot decode ${bad}`) }]);
  });

  it('cancelling stops the decoders and keeps finished entries', async () => {
    const id = runner.enqueue('frames.extract', { sample: { ...sample, strategy: 'everyKth', params: { k: 1 }, width: 320, height: 240 }, threads: 1 });
    await waitUntil(() => ffmpegChildren().length > 0, 'a decoder to start', 20_000);
    runner.cancel(id);
    expect((await runner.wait(id)).state).toBe('cancelled');
    const left = readdirSync(ws.cache('frames')).filter((f) => f.includes('.tmp-'));
    expect(left).toEqual([]);
  });
});

describe('cache channels and scrub strips', () => {
  it('cache:stats shows the areas and cache:clear empties all but the thumbnails', async () => {
    await runner.wait(runner.enqueue('frames.extract', { sample }));
    const scrub = runner.enqueue('media.scrub', {});
    await runner.wait(scrub);
    // One strip per video, plus one of the 1 s trim 'pool 2.5-3.5' (too short to reuse its media's strip).
    expect(resultOf<ScrubJobResult>(scrub)).toMatchObject({ made: 4, failed: [] });
    expect(resolveFileKey(ws, `scrub/${mediaIds[0]}_2500-3500`)?.contentType).toBe('image/jpeg');
    const strip = resolveFileKey(ws, `scrub/${mediaIds[2]}`)!;
    expect(strip.contentType).toBe('image/jpeg');
    expect(jpegSize(readFileSync(strip.path))).toEqual({ width: 1600, height: 120 });
    expect(resolveFileKey(ws, 'scrub/999')).toBeNull();
    ws.cache('thumbs');
    writeFileSync(join(ws.cache('thumbs'), '1.jpg'), 'x');
    const ctx = { workbench: { workspace: ws }, host: { mode: 'browser', modeReason: null } } as unknown as HandlerContext;
    const stats = await dispatch('cache:stats', undefined, ctx);
    if (!stats.ok) throw new Error(stats.error.message);
    expect(stats.result.areas.map((a) => [a.name, a.files, a.clearable])).toEqual([['frames', 8, true], ['scrub', 4, true], ['thumbs', 1, false]]);
    const cleared = await dispatch('cache:clear', {}, ctx);
    if (!cleared.ok) throw new Error(cleared.error.message);
    expect(cleared.result.areas.map((a) => [a.name, a.files])).toEqual([['frames', 0], ['scrub', 0], ['thumbs', 1]]);
    expect(new FrameCache(ws.cache('frames')).stats().entries).toBe(0);
    const refused = await dispatch('cache:clear', { areas: ['thumbs'] }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringContaining('"thumbs"') } });
    expect(existsSync(join(ws.cache('thumbs'), '1.jpg'))).toBe(true);
  });
});
