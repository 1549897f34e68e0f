import { readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../../src-main/jobs/kinds.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import type { JobInfo } from '../../../src-main/ipc/contract.js';
import type { ProbeJobResult } from '../../../src-main/media/probeJob.js';
import { VIDEO_FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, ffmpegChildren, ffmpegSync, jpegSize, tempDir } from './mediaTestUtils.js';

let ws: Workspace;
let runner: JobRunner;
let clipEvents: string[];
let jobEvents: JobInfo[];

beforeEach(() => {
  ws = Workspace.open(join(tempDir(), 'ws'));
  clipEvents = [];
  jobEvents = [];
  runner = new JobRunner(ws, { jobChanged: (j) => jobEvents.push(j), clipsChanged: (r) => clipEvents.push(r) });
});

afterEach(async () => {
  await runner.dispose();
  ws.close();
  cleanTempDirs();
  expect(ffmpegChildren()).toEqual([]);
});

const resultOf = (id: number): ProbeJobResult => JSON.parse(ws.jobs.get(id)!.result!) as ProbeJobResult;

describe('media.probe job', () => {
  it('probes good files, records bad ones, and keeps going', async () => {
    const dir = tempDir();
    const good = ['pool_cleaning_340x256.mp4', 'pool_cleaning_1s.mp4', 'apply_eye_makeup_320x240_mpeg4.avi']
      .map((f) => join(VIDEO_FIXTURES, f));
    const empty = join(dir, 'empty.mp4');
    writeFileSync(empty, '');
    const text = join(dir, 'text.mp4');
    writeFileSync(text, 'hello, I am not a video');
    const missing = join(dir, 'missing.mp4');
    const still = join(dir, 'still.png');
    ffmpegSync(['-f', 'lavfi', '-i', 'testsrc=size=80x60', '-frames:v', '1', still]);
    // Bad files first and in between: one failure must not stop the rest.
    const ids = [empty, good[0]!, text, good[1]!, missing, good[2]!, still].map((p) => ws.media.upsert(p));

    const id = runner.enqueue('media.probe', {});
    const info = await runner.wait(id);
    expect(info.state).toBe('done');
    const result = resultOf(id);
    expect(result.ok).toBe(4);
    expect(result.failed.map((f) => f.path)).toEqual([empty, text, missing]);
    for (const f of result.failed) expect(f.error).toContain(f.path);

    const rows = ids.map((i) => ws.media.get(i)!);
    expect(rows.map((r) => r.status)).toEqual(['error', 'ok', 'error', 'ok', 'missing', 'ok', 'ok']);
    expect(rows[0]!.error).toContain('is empty (0 bytes)');
    expect(rows[2]!.error).toContain('ffprobe could not read it');
    expect(rows[4]!.error).toBe(`File not found: ${missing}`);
    expect(rows[1]).toMatchObject({ width: 340, height: 256, fps: 30, frameCount: 300 });
    expect(rows[5]).toMatchObject({ width: 320, height: 240, fps: 25, frameCount: 164, codec: 'mpeg4' });
    expect(rows[6]).toMatchObject({ width: 80, height: 60, fps: null, frameCount: 1, duration: null });

    for (const i of [ids[1]!, ids[3]!, ids[5]!, ids[6]!]) {
      const thumb = ws.media.thumbnailPath(i)!;
      expect(thumb).toBe(join(ws.cache('thumbs'), `${i}.jpg`));
      expect(jpegSize(readFileSync(thumb)).width).toBe(160);
    }
    for (const i of [ids[0]!, ids[2]!, ids[4]!]) expect(ws.media.thumbnailPath(i)).toBeNull();

    expect(clipEvents).toContain('probe');
    const last = jobEvents.filter((j) => j.id === id).at(-1)!;
    expect(last.progress).toMatchObject({ phase: 'probe', done: 7, total: 7 });
    expect(ws.media.needingProbe()).toEqual([]);

    // Then the hover-scrub strips: one media.scrub job for the readable videos (not the still image).
    const scrubs = ws.jobs.list().filter((j) => j.kind === 'media.scrub');
    expect(scrubs).toHaveLength(1);
    expect(JSON.parse(scrubs[0]!.spec)).toMatchObject({ mediaIds: [ids[1], ids[3], ids[5]] });
    expect((await runner.wait(scrubs[0]!.id)).state).toBe('done');
    expect(readdirSync(ws.cache('scrub')).sort()).toEqual([ids[1], ids[3], ids[5]].map((i) => `${i}.jpg`).sort());
  });

  it('can be cancelled between files and resumed, skipping what is done', async () => {
    const dir = tempDir();
    const src = join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4');
    const ids = Array.from({ length: 12 }, (_, i) => {
      const p = join(dir, `clip${String(i).padStart(2, '0')}.mp4`);
      symlinkSync(src, p);
      return ws.media.upsert(p);
    });
    const id = runner.enqueue('media.probe', {});
    // Cancel as soon as the second file has been handled.
    while (ws.media.get(ids[1]!)!.status === 'pending' || !ws.media.thumbnailPath(ids[1]!)) {
      await new Promise((r) => setTimeout(r, 5));
    }
    runner.cancel(id);
    expect((await runner.wait(id)).state).toBe('cancelled');
    const pending = ids.filter((i) => ws.media.get(i)!.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.length).toBeLessThan(11);
    const left = ws.media.needingProbe(); // pending, plus one probed whose thumbnail was cut short
    expect(left.length - pending.length).toBeLessThanOrEqual(1);
    expect(readdirSync(ws.cache('thumbs')).every((f) => /^\d+\.jpg$/.test(f))).toBe(true); // no partial files

    const firstThumb = ws.media.thumbnailPath(ids[0]!)!;
    const before = statSync(firstThumb).mtimeMs;
    runner.resume(id);
    expect((await runner.wait(id)).state).toBe('done');
    expect(resultOf(id)).toEqual({ ok: left.length, failed: [] }); // only what was left
    expect(ids.every((i) => ws.media.get(i)!.status === 'ok' && ws.media.thumbnailPath(i))).toBe(true);
    expect(statSync(firstThumb).mtimeMs).toBe(before); // skipped, not redone

    // Explicit ids that are already done are counted but not probed or thumbnailed again.
    const again = runner.enqueue('media.probe', { mediaIds: ids });
    expect((await runner.wait(again)).state).toBe('done');
    expect(resultOf(again)).toEqual({ ok: 12, failed: [] });
    expect(statSync(firstThumb).mtimeMs).toBe(before);
    // The resumed probe queued strips for what it probed (they were made before `again` ran);
    // `again` queued strips only for the files probed before the cancel, which had none yet.
    const scrubs = ws.jobs.list().filter((j) => j.kind === 'media.scrub').sort((a, b) => a.id - b.id);
    const specs = scrubs.map((j) => (JSON.parse(j.spec) as { mediaIds: number[] }).mediaIds);
    expect(specs[0]).toEqual(left);
    expect(specs[1]).toEqual(ids.filter((i) => !left.includes(i)));
    await runner.idle();
    expect(readdirSync(ws.cache('scrub'))).toHaveLength(12);
  });

  it('rejects a malformed spec before it is queued', () => {
    expect(() => runner.enqueue('media.probe', { mediaIds: ['x'] })).toThrow(/Invalid media.probe job: mediaIds/);
  });
});
