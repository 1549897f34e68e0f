import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia, rate, rotationOf } from '../../../src-main/media/probe.js';
import { VIDEO_FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, decodeRaw, ffmpegSync, tempDir } from './mediaTestUtils.js';

afterAll(cleanTempDirs);

/** Figures from ../shared/fixtures/MANIFEST.md (read there by a separate parser). */
const MANIFEST = [
  { file: 'pool_cleaning_340x256.mp4', codec: 'h264', width: 340, height: 256, fps: 30, frames: 300, duration: 10.0 },
  { file: 'pool_cleaning_1s.mp4', codec: 'h264', width: 340, height: 256, fps: 30, frames: 32, duration: 1.07 },
  { file: 'apply_eye_makeup_320x240_mpeg4.avi', codec: 'mpeg4', width: 320, height: 240, fps: 25, frames: 164, duration: 6.56 },
];

describe('probeMedia on the shared fixtures', () => {
  it.each(MANIFEST)('$file matches the manifest', async (m) => {
    const path = join(VIDEO_FIXTURES, m.file);
    const p = await probeMedia(path);
    if (p.status !== 'ok') throw new Error(`expected ok, got ${p.error}`);
    expect(p).toMatchObject({ codec: m.codec, width: m.width, height: m.height, frameCount: m.frames, rotation: 0 });
    expect(p.fps).toBeCloseTo(m.fps, 6);
    expect(p.duration).toBeCloseTo(m.duration, 2);
    expect(p.sizeBytes).toBe(statSync(path).size);
    // Fingerprint recomputed independently: size + sha256(first MiB ++ last MiB), ranges may overlap.
    const bytes = readFileSync(path);
    const n = Math.min(1 << 20, bytes.length);
    const hash = createHash('sha256').update(bytes.subarray(0, n)).update(bytes.subarray(bytes.length - n)).digest('hex');
    expect(p.fingerprint).toBe(`${bytes.length}:${hash}`);
  });

  it('gives different fingerprints to different files and the same to a copy', async () => {
    const dir = tempDir();
    const a = join(VIDEO_FIXTURES, MANIFEST[0]!.file);
    const copy = join(dir, 'copy.mp4');
    copyFileSync(a, copy);
    const [pa, pb, pc] = await Promise.all([probeMedia(a), probeMedia(join(VIDEO_FIXTURES, MANIFEST[1]!.file)), probeMedia(copy)]);
    const fp = (p: typeof pa): string | null => (p.status === 'ok' ? p.fingerprint : null);
    expect(fp(pa)).not.toBeNull();
    expect(fp(pc)).toBe(fp(pa));
    expect(fp(pb)).not.toBe(fp(pa));
  });
});

describe('probeMedia on generated media', () => {
  const dir = tempDir();

  it('reports the real NTSC rate 30000/1001 and counts frames', async () => {
    const path = join(dir, 'ntsc.mp4');
    ffmpegSync(['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=30000/1001', '-frames:v', '12', '-pix_fmt', 'yuv420p', path]);
    const p = await probeMedia(path);
    expect(p.status).toBe('ok');
    if (p.status !== 'ok') return;
    expect(p.fps).toBeCloseTo(30000 / 1001, 6);
    expect(p.frameCount).toBe(12);
    expect(p.duration).toBeCloseTo(12 / (30000 / 1001), 2);
  });

  it('reports rotation the way ffmpeg itself displays the file', async () => {
    const src = join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4');
    const rotated = join(dir, 'rotated.mp4');
    ffmpegSync(['-i', src, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    const p = await probeMedia(rotated);
    if (p.status !== 'ok') throw new Error(p.error);
    expect([90, 270]).toContain(p.rotation);
    expect(p.width).toBe(340); // stored size; rotation is applied on display
    // ffmpeg auto-rotates when decoding: that frame must equal the plain frame turned p.rotation deg clockwise.
    const shown = decodeRaw(rotated, 'gray', ['-frames:v', '1']);
    const plain = decodeRaw(src, 'gray', ['-frames:v', '1']);
    expect(shown).toEqual(rotateCw(plain, 340, 256, p.rotation));
  });

  it('accepts still images: one frame, no duration or rate', async () => {
    for (const ext of ['png', 'jpg']) {
      const path = join(dir, `still.${ext}`);
      ffmpegSync(['-f', 'lavfi', '-i', 'testsrc=size=80x60', '-frames:v', '1', path]);
      const p = await probeMedia(path);
      expect(p).toMatchObject({ status: 'ok', width: 80, height: 60, frameCount: 1, fps: null, duration: null });
    }
  });

  it('parses frame rates and normalises rotations', () => {
    expect(rate('30000/1001')).toBeCloseTo(29.97, 2);
    expect(rate('25/1')).toBe(25);
    expect(rate('0/0')).toBeNull();
    expect(rate('N/A')).toBeNull();
    const s = (x: object) => x as Parameters<typeof rotationOf>[0];
    expect(rotationOf(s({ rotation: '-90' }))).toBe(90);
    expect(rotationOf(s({ side_data_list: [{ rotation: 90 }] }))).toBe(270);
    expect(rotationOf(s({ rotation: 180 }))).toBe(180);
    expect(rotationOf(s({ tags: { rotate: '90' } }))).toBe(90);
    expect(rotationOf(s({ tags: { rotate: '-90' } }))).toBe(270);
    expect(rotationOf(s({}))).toBe(0);
  });
});

describe('probeMedia on bad input: a clear message naming the file, never a throw', () => {
  const dir = tempDir();

  it('missing file', async () => {
    const path = join(dir, 'nope.mp4');
    await expect(probeMedia(path)).resolves.toEqual({ status: 'missing', error: `File not found: ${path}` });
  });

  it('zero-byte file', async () => {
    const path = join(dir, 'empty.mp4');
    writeFileSync(path, '');
    const p = await probeMedia(path);
    expect(p.status).toBe('error');
    expect(p.status === 'error' && p.error).toContain(`${path} is empty (0 bytes)`);
  });

  it('a text file renamed .mp4', async () => {
    const path = join(dir, 'notes.mp4');
    writeFileSync(path, 'these are my notes, not a video\n'.repeat(20));
    const p = await probeMedia(path);
    expect(p.status).toBe('error');
    expect(p.status === 'error' && p.error)
      .toMatch(new RegExp(`^${escape(path)}: ffprobe could not read it: Invalid data found when processing input`));
  });

  it('a truncated copy of a fixture', async () => {
    const path = join(dir, 'truncated.mp4');
    writeFileSync(path, readFileSync(join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4')).subarray(0, 100_000));
    const p = await probeMedia(path);
    expect(p.status).toBe('error');
    expect(p.status === 'error' && p.error).toMatch(new RegExp(`^${escape(path)}: ffprobe could not read it: \\S`));
    expect(p.status === 'error' && p.error).toContain('moov atom not found'); // the reason, kept from ffprobe
  });

  it('an audio-only file', async () => {
    const path = join(dir, 'tone.wav');
    ffmpegSync(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.2', path]);
    const p = await probeMedia(path);
    expect(p.status).toBe('error');
    expect(p.status === 'error' && p.error).toContain(`${path} has no video stream`);
  });

  it('a folder', async () => {
    const p = await probeMedia(dir);
    expect(p).toEqual({ status: 'error', error: `${dir} is a folder, not a media file` });
  });

  it('rejects with the abort reason when already aborted', async () => {
    const reason = new Error('stop');
    await expect(probeMedia(join(VIDEO_FIXTURES, MANIFEST[0]!.file), AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});

/** Rotates a gray W x H image by 0/90/180/270 degrees clockwise. */
function rotateCw(img: Uint8Array, w: number, h: number, deg: number): Uint8Array {
  if (deg === 0) return img;
  const out = new Uint8Array(img.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = img[y * w + x]!;
      if (deg === 90) out[x * h + (h - 1 - y)] = v; // new W = h
      else if (deg === 180) out[(h - 1 - y) * w + (w - 1 - x)] = v;
      else out[(w - 1 - x) * h + y] = v; // 270
    }
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
