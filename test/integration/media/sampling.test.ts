import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { countFrames, decodeFrames } from '../../../src-main/media/decode.js';
import { requireBinary } from '../../../src-main/media/ffmpegPaths.js';
import { sampleFrames, type SampleClip } from '../../../src-main/media/sampling/sampleFrames.js';
import type { SampleSpecInput } from '../../../src-main/media/sampling/spec.js';
import { VIDEO_FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, ffmpegChildren, ffmpegSync, tempDir } from './mediaTestUtils.js';

const W = 48;
const H = 36;
const FRAME = W * H * 3;
const VIDEOS = [
  { file: 'pool_cleaning_340x256.mp4', frames: 300, fps: 30 },
  { file: 'pool_cleaning_1s.mp4', frames: 32, fps: 30 },
  { file: 'apply_eye_makeup_320x240_mpeg4.avi', frames: 164, fps: 25 }, // MPEG-4 Part 2, B-frames
];

afterEach(() => expect(ffmpegChildren()).toEqual([]));
afterAll(() => cleanTempDirs());

/** Independent truth 1: every frame ffmpeg decodes (passthrough timing), stretched to W x H, concatenated. */
function decodeAll(path: string, input: string[] = []): Uint8Array {
  return new Uint8Array(ffmpegSync([...input, '-i', path, '-map', '0:v:0', '-fps_mode', 'passthrough', '-vf', `scale=${W}:${H}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']));
}
/** Independent truth 2: one frame picked by ffmpeg's own `select` on frame number n. */
function selectOne(path: string, n: number): Uint8Array {
  return new Uint8Array(ffmpegSync(['-i', path, '-vf', `select=eq(n\\,${n}),scale=${W}:${H}`, '-fps_mode', 'passthrough', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']));
}
/** Independent truth 3: each decoded frame's timestamp, from ffprobe. */
function probeTimes(path: string): number[] {
  const r = spawnSync(requireBinary('ffprobe'), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=best_effort_timestamp_time', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => l.replace(/,$/, '').trim()).filter(Boolean).map(Number);
}
const frameOf = (all: Uint8Array, i: number): Uint8Array => all.subarray(i * FRAME, (i + 1) * FRAME);
const clip = (frameCount: number, fps: number, start = 0, end: number | null = null): SampleClip =>
  ({ frameCount, fps, duration: (end ?? frameCount / fps) - start, start, end });
const stretch = (strategy: string, params: Record<string, unknown>): SampleSpecInput => ({ strategy, params, width: W, height: H, resize: 'stretch' });

describe('sampleFrames on the real fixture videos', () => {
  for (const v of VIDEOS) {
    it(`${v.file}: frames and timestamps match ffmpeg's own decode, select and ffprobe`, async () => {
      const path = join(VIDEO_FIXTURES, v.file);
      expect(await countFrames(path)).toBe(v.frames);
      const all = decodeAll(path);
      expect(all.length).toBe(v.frames * FRAME);
      const times = probeTimes(path);
      expect(times.length).toBe(v.frames);
      for (const [strategy, params] of [['uniform', { n: 16 }], ['middle', {}], ['everyKth', { k: 10 }], ['tsnSegments', { segments: 3, length: 2, random: true }]] as const) {
        const r = await sampleFrames(path, clip(v.frames, v.fps), { ...stretch(strategy, params), seed: 3 });
        expect(r.shape).toEqual([r.indices.length, H, W, 3]);
        expect(r.frames.length).toBe(r.indices.length * FRAME);
        r.indices.forEach((i, n) => {
          expect(Buffer.from(r.frames.subarray(n * FRAME, (n + 1) * FRAME)).equals(frameOf(all, i)), `${strategy} frame ${i}`).toBe(true);
          expect(r.timestamps[n]).toBeCloseTo(times[i]!, 4);
        });
      }
      const r = await sampleFrames(path, clip(v.frames, v.fps), stretch('uniform', { n: 3 }));
      for (const [n, i] of r.indices.entries()) expect(Buffer.from(r.frames.subarray(n * FRAME, (n + 1) * FRAME)).equals(selectOne(path, i))).toBe(true);
    });
  }

  it('a trimmed clip counts frames from its start, as ffmpeg decodes after seeking', async () => {
    const path = join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4');
    const all = decodeAll(path);
    expect(await countFrames(path, { start: 2.5, duration: 1 })).toBe(30);
    const r = await sampleFrames(path, clip(30, 30, 2.5, 3.5), stretch('uniform', { n: 4 }));
    expect(r.indices).toEqual([3, 11, 18, 26]);
    r.indices.forEach((i, n) => {
      expect(Buffer.from(r.frames.subarray(n * FRAME, (n + 1) * FRAME)).equals(frameOf(all, 75 + i))).toBe(true);
      expect(r.timestamps[n]).toBeCloseTo((75 + i) / 30, 4);
    });
  });

  it('an edit list: the container promises more frames than decode; it recounts and samples the real ones', async () => {
    const path = join(tempDir(), 'editlist.mp4');
    ffmpegSync(['-ss', '1.5', '-i', join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4'), '-t', '3', '-c', 'copy', path]);
    const real = await countFrames(path);
    const all = decodeAll(path);
    expect(all.length).toBe(real * FRAME);
    const times = probeTimes(path);
    const r = await sampleFrames(path, clip(137, 30), stretch('uniform', { n: 4 })); // 137 = nb_frames of the container
    expect(real).toBeLessThan(137);
    expect(r.frameCount).toBe(real);
    expect(Math.max(...r.indices)).toBeLessThan(real);
    r.indices.forEach((i, n) => {
      expect(Buffer.from(r.frames.subarray(n * FRAME, (n + 1) * FRAME)).equals(frameOf(all, i))).toBe(true);
      expect(r.timestamps[n]).toBeCloseTo(times[i]!, 4);
    });
  });

  it('variable frame rate: timestamps are the decoded ones, not index / fps', async () => {
    const path = join(tempDir(), 'vfr.mp4');
    ffmpegSync(['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10:duration=2', '-vf', "setpts='(N/10+if(gte(N,10),1.5,0))/TB'", '-fps_mode', 'vfr', '-c:v', 'mpeg4', path]);
    const times = probeTimes(path);
    expect(times[10]! - times[9]!).toBeCloseTo(1.6, 3);
    const r = await sampleFrames(path, clip(20, 20 / 3.5), stretch('everyKth', { k: 5 }));
    expect(r.indices).toEqual([0, 5, 10, 15]);
    expect(r.timestamps.map((t) => +t.toFixed(3))).toEqual([0, 0.5, 2.5, 3].map((t) => +(t + times[0]!).toFixed(3)));
  });

  it('centre crop and seeded random crop cut the expected window of the scaled frame', async () => {
    const path = join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4');
    const pick = (vf: string): Uint8Array => new Uint8Array(ffmpegSync(['-i', path, '-vf', `select=eq(n\\,16),${vf}`, '-fps_mode', 'passthrough', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']));
    // 340x256 covering 64x64 -> 85x64 (ceil(64 x 340/256)), then the centre 64 columns start at x = 10.
    const centre = await sampleFrames(path, clip(32, 30), { strategy: 'middle', width: 64, height: 64 });
    expect(Buffer.from(centre.frames).equals(pick('scale=85:64,crop=64:64:10:0'))).toBe(true);
    const spec: SampleSpecInput = { strategy: 'middle', width: 64, height: 64, resize: 'randomCrop', cropScale: 1.5, seed: 9 };
    const a = await sampleFrames(path, clip(32, 30), spec);
    const b = await sampleFrames(path, clip(32, 30), spec);
    expect(Buffer.from(a.frames).equals(b.frames)).toBe(true); // same seed, same crop
    let found = false; // some window of the 128x96 cover (short side 96 = 64 x 1.5) must equal the crop
    const big = pick('scale=128:96');
    for (let y = 0; y <= 32 && !found; y++) {
      for (let x = 0; x <= 64 && !found; x++) {
        found = Array.from({ length: 64 }, (_, row) => Buffer.from(big.subarray(((y + row) * 128 + x) * 3, ((y + row) * 128 + x + 64) * 3))
          .equals(a.frames.subarray(row * 64 * 3, (row + 1) * 64 * 3))).every(Boolean);
      }
    }
    expect(found).toBe(true);
  });
});

describe('decodeFrames', () => {
  it('streams gray frames, stops ffmpeg when the consumer breaks early, and names the file on failure', async () => {
    const path = join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4');
    let n = 0;
    for await (const f of decodeFrames(path, { width: 32, height: 16, pixFmt: 'gray' })) {
      expect(f.length).toBe(32 * 16);
      if (++n === 5) break;
    }
    expect(ffmpegChildren()).toEqual([]);
    const bad = join(tempDir(), 'not-a-video.mp4');
    ffmpegSync(['-f', 'lavfi', '-i', 'sine=duration=0.1', bad]);
    await expect(async () => { for await (const _ of decodeFrames(bad, { width: 8, height: 8, pixFmt: 'gray' })) void _; })
      .rejects.toThrow(`Cannot decode ${bad}: it has no video stream`);
  });

  it('abort kills ffmpeg and rejects with the reason', async () => {
    const ac = new AbortController();
    const it = decodeFrames(join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4'), { width: 340, height: 256, pixFmt: 'rgb24', signal: ac.signal });
    const run = (async () => { for await (const _ of it) { void _; ac.abort(new Error('stop now')); } })();
    await expect(run).rejects.toThrow('stop now');
    expect(ffmpegChildren()).toEqual([]);
  });
});
