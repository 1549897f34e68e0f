import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../../../src-main/jobs/kinds.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { listDemoClasses, MOTION_RANGE } from '../../../src-main/media/demo/classes.js';
import { renderClip } from '../../../src-main/media/demo/render.js';
import { ffmpegEncoders } from '../../../src-main/media/ffmpegPaths.js';
import type { DemoJobResult } from '../../../src-main/media/demo/demoJob.js';
import { cleanTempDirs, decodeRaw, ffmpegChildren, jpegSize, tempDir } from './mediaTestUtils.js';
import { classifyMotion, motionFeature } from './motionFeatures.js';

const SMALL = { clipsPerClass: 2, size: 32, seconds: 1 }; // 8 classes x 2 clips, 32x32, 25 frames
const open: { ws: Workspace; runner: JobRunner }[] = [];

/** A real workspace in a temp folder with a runner whose events go nowhere. */
function openWorkspace(): { ws: Workspace; runner: JobRunner; mediaDir: string } {
  const root = tempDir();
  const ws = Workspace.open(join(root, 'ws'));
  const runner = new JobRunner(ws, { jobChanged: () => {}, clipsChanged: () => {} });
  open.push({ ws, runner });
  return { ws, runner, mediaDir: join(root, 'media') };
}

afterAll(async () => {
  for (const { ws, runner } of open.splice(0)) {
    await runner.dispose();
    ws.close();
  }
  cleanTempDirs();
});

const classes = listDemoClasses();
const clipPath = (mediaDir: string, cls: string, n: number): string =>
  join(mediaDir, cls, `${cls}_${String(n).padStart(2, '0')}.mp4`);

describe('demo.generate', () => {
  const first = openWorkspace();

  it('makes labelled, probed, thumbnailed clips whose motion names their class', async () => {
    const { ws, runner, mediaDir } = first;
    const id = runner.enqueue('demo.generate', { mediaDir, ...SMALL });
    await runner.idle();
    const job = runner.info(id);
    expect(job.state).toBe('done');
    const result = JSON.parse(ws.jobs.get(id)!.result!) as DemoJobResult;
    expect(result).toMatchObject({ clips: 16, classes });
    expect(classes.length).toBeGreaterThanOrEqual(6);
    expect(runner.info(result.probeJobId).state).toBe('done');

    expect(ws.classes.list().map((c) => [c.name, c.clipCount])).toEqual([...classes].sort().map((c) => [c, 2]));
    const page = ws.clips.page({ offset: 0, limit: 100 });
    expect(page.total).toBe(16);
    const n = SMALL.seconds * 25 - 1;
    const scale = { translate: MOTION_RANGE.translate * SMALL.size / n, curl: 2 * MOTION_RANGE.rotate / n, div: 2 * MOTION_RANGE.zoom / n };
    for (const clip of page.items) {
      const media = ws.media.get(clip.mediaId)!;
      const cls = clip.name.replace(/_\d+$/, '');
      expect(clip.label).toBe(cls);
      expect(media.path).toBe(clipPath(mediaDir, cls, Number(clip.name.slice(-2))));
      expect(media).toMatchObject({ status: 'ok', width: 32, height: 32, fps: 25, frameCount: 25 });
      expect(media.codec).toBe(ffmpegEncoders().has('libx264') ? 'h264' : 'mpeg4');
      expect(jpegSize(readFileSync(ws.media.thumbnailPath(clip.mediaId)!)).width).toBe(160);
      // The motion in the encoded file, measured independently, names the label.
      const gray = decodeRaw(media.path, 'gray');
      expect(gray.length).toBe(25 * 32 * 32);
      expect(classifyMotion(motionFeature(Float32Array.from(gray), 32, 25), scale)).toBe(cls);
    }
  });

  it('encodes exactly what the renderer draws, deterministically for a seed', async () => {
    const { mediaDir } = first;
    const decoded = decodeRaw(clipPath(mediaDir, 'move_left', 1), 'rgb24', ['-frames:v', '1']);
    const drawn = renderClip({ size: 32, frames: 25, seed: 1, classIndex: 0, clipIndex: 0 }).subarray(0, 32 * 32 * 3);
    let diff = 0;
    for (let i = 0; i < drawn.length; i++) diff += Math.abs(drawn[i]! - decoded[i]!) / drawn.length;
    expect(diff).toBeLessThan(6); // lossy yuv420p, but the same picture
    expect(renderClip({ size: 32, frames: 25, seed: 1, classIndex: 0, clipIndex: 0 }).subarray(0, 32 * 32 * 3)).toEqual(drawn);
    expect(renderClip({ size: 32, frames: 25, seed: 2, classIndex: 0, clipIndex: 0 }).subarray(0, 32 * 32 * 3)).not.toEqual(drawn);

    // Another workspace, same seed: the very same frames come out of the worker and the encoder.
    const other = openWorkspace();
    other.runner.enqueue('demo.generate', { mediaDir: other.mediaDir, ...SMALL, clipsPerClass: 1 });
    await other.runner.idle();
    for (const cls of classes) {
      expect(decodeRaw(clipPath(other.mediaDir, cls, 1), 'rgb24', ['-frames:v', '1']))
        .toEqual(decodeRaw(clipPath(mediaDir, cls, 1), 'rgb24', ['-frames:v', '1']));
    }
  });

  it('re-running the same spec redoes nothing and duplicates nothing', async () => {
    const { ws, runner, mediaDir } = first;
    const file = clipPath(mediaDir, 'zoom_out', 2);
    const mtime = statSync(file).mtimeMs;
    const id = runner.enqueue('demo.generate', { mediaDir, ...SMALL });
    await runner.idle();
    expect(runner.info(id).state).toBe('done');
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(ws.counts()).toMatchObject({ media: 16, clips: 16, classes: 8 });
  });

  it('cancels promptly, leaves no partial file or ffmpeg, and resumes to completion', async () => {
    const { ws, runner, mediaDir } = openWorkspace();
    const id = runner.enqueue('demo.generate', { mediaDir, clipsPerClass: 3, size: 64, seconds: 1 });
    while (ws.media.count() < 3) await new Promise((r) => setTimeout(r, 5));
    runner.cancel(id);
    expect((await runner.wait(id)).state).toBe('cancelled');
    expect(ffmpegChildren()).toEqual([]);
    const files = classes.flatMap((c) => existsSync(join(mediaDir, c)) ? readdirSync(join(mediaDir, c)) : []);
    expect(files.filter((f) => f.includes('.part'))).toEqual([]);
    expect(files.length).toBeLessThan(24);
    expect(ws.jobs.list().filter((j) => j.kind === 'media.probe')).toEqual([]); // only queued at the end

    runner.resume(id);
    expect((await runner.wait(id)).state).toBe('done');
    await runner.idle();
    expect(ws.counts()).toMatchObject({ media: 24, clips: 24, classes: 8 });
    expect(ws.media.needingProbe()).toEqual([]);
  });

  it('rejects a bad spec with a clear message before queueing', () => {
    const { runner, mediaDir } = first;
    expect(() => runner.enqueue('demo.generate', { mediaDir, size: 33 })).toThrow(/size must be even/);
    expect(() => runner.enqueue('demo.generate', { mediaDir, clipsPerClass: 0 })).toThrow(/clipsPerClass/);
    expect(() => runner.enqueue('demo.generate', { clipsPerClass: 2 })).toThrow(/mediaDir/);
  });
});
