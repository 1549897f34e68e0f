import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegEncoders, ffmpegInfo, findBinary } from '../../../src-main/media/ffmpegPaths.js';
import { probeMedia } from '../../../src-main/media/probe.js';
import { makeThumbnail } from '../../../src-main/media/thumbnail.js';
import { encodeRgbFrames } from '../../../src-main/media/demo/encode.js';
import { renderClip } from '../../../src-main/media/demo/render.js';
import { VIDEO_FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, jpegSize, tempDir } from './mediaTestUtils.js';

/**
 * The whole media layer with the ffmpeg/ffprobe shipped by @ffmpeg-installer/@ffprobe-installer
 * (what users without a system ffmpeg get), forced through MWB_FFMPEG/MWB_FFPROBE before the
 * first resolution in this file's fresh module graph.
 */
const npmFfmpeg = findBinary('ffmpeg', { PATH: '' });
const npmFfprobe = findBinary('ffprobe', { PATH: '' });

beforeAll(() => {
  vi.stubEnv('MWB_FFMPEG', npmFfmpeg.path);
  vi.stubEnv('MWB_FFPROBE', npmFfprobe.path);
});
afterAll(() => {
  vi.unstubAllEnvs();
  cleanTempDirs();
});

describe.skipIf(npmFfmpeg.source !== 'npm' || npmFfprobe.source !== 'npm')('with the npm-shipped binaries', () => {
  it('uses them', () => {
    expect(ffmpegInfo()).toMatchObject({ path: npmFfmpeg.path, source: 'env' });
  });

  it('probes, thumbnails and encodes like the system ffmpeg', async () => {
    const p = await probeMedia(join(VIDEO_FIXTURES, 'apply_eye_makeup_320x240_mpeg4.avi'));
    expect(p).toMatchObject({ status: 'ok', width: 320, height: 240, fps: 25, frameCount: 164, codec: 'mpeg4' });
    const dir = tempDir();
    const thumb = join(dir, 't.jpg');
    await makeThumbnail(join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4'), thumb, { atSeconds: 1 });
    expect(jpegSize(readFileSync(thumb))).toEqual({ width: 160, height: 120 });
    const clip = join(dir, 'c.mp4');
    await encodeRgbFrames(renderClip({ size: 32, frames: 10, seed: 1, classIndex: 0, clipIndex: 0 }), { width: 32, height: 32, fps: 25 }, clip);
    const e = await probeMedia(clip);
    expect(e).toMatchObject({ status: 'ok', width: 32, height: 32, fps: 25, frameCount: 10 });
    expect(e.status === 'ok' && e.codec).toBe(ffmpegEncoders().has('libx264') ? 'h264' : 'mpeg4');
  });
});
