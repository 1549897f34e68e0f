import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeThumbnail } from '../../../src-main/media/thumbnail.js';
import { runFfmpeg } from '../../../src-main/media/runFfmpeg.js';
import { encodeRgbFrames } from '../../../src-main/media/demo/encode.js';
import { VIDEO_FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, decodeRaw, ffmpegChildren, ffmpegSync, jpegSize, processExists, tempDir } from './mediaTestUtils.js';

afterAll(cleanTempDirs);
afterEach(() => expect(ffmpegChildren()).toEqual([])); // no test may leave ffmpeg running

const POOL = join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4');

describe('makeThumbnail', () => {
  const dir = tempDir();

  it('writes a real JPEG of the requested width with the aspect ratio kept', async () => {
    const out = join(dir, 'pool.jpg');
    await makeThumbnail(POOL, out, { atSeconds: 1 });
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(jpegSize(bytes)).toEqual({ width: 160, height: 120 }); // 256 * 160 / 340 = 120.5 -> even
    const small = join(dir, 'small.jpg');
    await makeThumbnail(join(VIDEO_FIXTURES, 'apply_eye_makeup_320x240_mpeg4.avi'), small, { atSeconds: 0.5, width: 96 });
    expect(jpegSize(readFileSync(small))).toEqual({ width: 96, height: 72 });
  });

  it('shows the frame at the requested time', async () => {
    // A clip whose frames are flat grey levels: frame n has level 10 * n, 10 fps.
    const ramp = join(dir, 'ramp.mp4');
    const levels = new Uint8Array(20 * 32 * 32 * 3);
    for (let n = 0; n < 20; n++) levels.fill(10 * n, n * 3072, (n + 1) * 3072);
    await encodeRgbFrames(levels, { width: 32, height: 32, fps: 10 }, ramp);
    const out = join(dir, 'ramp.jpg');
    await makeThumbnail(ramp, out, { atSeconds: 1.2, width: 32 });
    const px = decodeRaw(out, 'gray');
    const mean = px.reduce((a, v) => a + v, 0) / px.length;
    expect(Math.abs(mean - 120)).toBeLessThan(8); // frame 12, not frame 0 (level 0) or 19 (190)
  });

  it('turns rotated videos upright', async () => {
    const rotated = join(dir, 'rotated.mp4');
    ffmpegSync(['-i', join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    const out = join(dir, 'rotated.jpg');
    await makeThumbnail(rotated, out, { atSeconds: 0.5 });
    expect(jpegSize(readFileSync(out))).toEqual({ width: 160, height: 212 }); // portrait: 340 * 160 / 256 = 212.5
  });

  it('fails with a message naming the file and leaves no partial output', async () => {
    const bad = join(dir, 'bad.mp4');
    writeFileSync(bad, 'not a video');
    const out = join(dir, 'bad.jpg');
    await expect(makeThumbnail(bad, out, { atSeconds: 0 })).rejects.toThrow(`Could not make a thumbnail of ${bad}`);
    await expect(makeThumbnail(POOL, join(dir, 'late.jpg'), { atSeconds: 60 })).rejects.toThrow(/no frame at 60\.00 s/);
    expect(readdirSync(dir).filter((f) => f.includes('bad.jpg') || f.includes('late.jpg'))).toEqual([]);
  });
});

describe('cancellation kills ffmpeg', () => {
  /** A command that would run for minutes: encoding 10 min of a synthetic 640x480 source. */
  const longCommand = () => ffmpeg().input('testsrc2=size=640x480:rate=30:duration=600').inputFormat('lavfi')
    .outputOptions(['-c:v', 'mpeg4', '-f', 'null']).output('-');

  it('aborting a running command kills the child and rejects with the reason', async () => {
    const ac = new AbortController();
    let pid = 0;
    let spawned!: () => void;
    const started = new Promise<void>((resolve) => { spawned = resolve; });
    const result = runFfmpeg(longCommand(), { signal: ac.signal, onSpawn: (p) => { pid = p; spawned(); } })
      .then(() => 'finished', (e: unknown) => e);
    await started;
    await new Promise((r) => setTimeout(r, 300));
    expect(processExists(pid)).toBe(true);
    expect(ffmpegChildren()).toContain(pid);
    const reason = new Error('user cancelled');
    ac.abort(reason);
    expect(await result).toBe(reason);
    expect(processExists(pid)).toBe(false); // gone by the time the run settles
  });

  it('aborting before ffmpeg has even spawned still kills it', async () => {
    const ac = new AbortController();
    const pids: number[] = [];
    const run = runFfmpeg(longCommand(), { signal: ac.signal, onSpawn: (p) => pids.push(p) });
    const reason = new Error('early');
    ac.abort(reason); // fluent-ffmpeg spawns asynchronously: this lands before the spawn
    await expect(run).rejects.toBe(reason);
    expect(pids).toHaveLength(1); // it did spawn, after the abort, and was killed at once
    expect(processExists(pids[0]!)).toBe(false);
  });

  it('an encode aborted mid-way removes its partial file', async () => {
    const dir = tempDir();
    const ac = new AbortController();
    const frames = new Uint8Array(250 * 256 * 256 * 3); // 10 s of black at 25 fps
    const out = join(dir, 'x.mp4');
    const enc = encodeRgbFrames(frames, { width: 256, height: 256, fps: 25 }, out, ac.signal);
    await waitUntil(() => existsSync(`${out}.part.mp4`), 'ffmpeg to open its output');
    ac.abort(new Error('stop'));
    await expect(enc).rejects.toThrow('stop');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an aborted thumbnail rejects with the reason and writes nothing', async () => {
    const dir = tempDir();
    const ac = new AbortController();
    const thumb = makeThumbnail(POOL, join(dir, 'x.jpg'), { atSeconds: 5, signal: ac.signal });
    ac.abort(new Error('stop'));
    await expect(thumb).rejects.toThrow('stop');
    expect(readdirSync(dir)).toEqual([]);
  });
});

async function waitUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
