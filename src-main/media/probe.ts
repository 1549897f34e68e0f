import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import ffmpeg, { type FfprobeData, type FfprobeStream } from 'fluent-ffmpeg';
import type { ProbeUpdate } from '../db/repos/mediaRepo.js';
import { configureFluentFfmpeg } from './ffmpegPaths.js';
import { ffmpegErrorLine } from './runFfmpeg.js';

const MIB = 1024 * 1024;

/**
 * Reads what the workspace stores about a media file: duration (s), real frame rate (frames/s),
 * frame count, size in pixels, codec, rotation (degrees clockwise the player must apply, 0/90/180/
 * 270), size in bytes and a content fingerprint. Problems with the file come back as
 * `{status: 'missing' | 'error', error}` naming the file, never as a throw; only a missing ffprobe
 * (the app's problem, not the file's) or an abort (rejects with `signal.reason`) throws.
 */
export async function probeMedia(path: string, signal?: AbortSignal): Promise<ProbeUpdate> {
  configureFluentFfmpeg();
  signal?.throwIfAborted();
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) return fail(`${path} is a folder, not a media file`);
    size = st.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing', error: `File not found: ${path}` };
    return fail(`Cannot read ${path}: ${(err as Error).message}`);
  }
  if (size === 0) return fail(`${path} is empty (0 bytes): the copy or download probably failed`);

  let data: FfprobeData;
  try {
    data = await abortable(ffprobe(path), signal);
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    return fail(`${path}: ffprobe could not read it: ${ffmpegErrorLine(err, path)}`);
  }
  const video = data.streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video && !data.streams.length) return fail(`${path} holds no readable stream: it is probably truncated or damaged; copy it again`);
  if (!video) return fail(`${path} has no video stream (audio only, or not a video): nothing to show or train on`);

  let fingerprint: string;
  try {
    fingerprint = await contentFingerprint(path, size);
  } catch (err) {
    return fail(`Cannot read ${path}: ${(err as Error).message}`);
  }
  const isImage = /(^|,)image2(,|$)|_pipe$/.test(String(data.format.format_name ?? ''));
  const duration = isImage ? null : num(video.duration) ?? num(data.format.duration);
  const fps = isImage ? null : rate(video.avg_frame_rate) ?? rate(video.r_frame_rate);
  const nbFrames = num(video.nb_frames);
  const frameCount = isImage ? 1
    : nbFrames && nbFrames > 0 ? nbFrames
    : duration != null && fps != null ? Math.round(duration * fps) : null;
  return {
    status: 'ok', duration, fps, frameCount,
    width: num(video.width), height: num(video.height), codec: video.codec_name ?? null,
    rotation: rotationOf(video), sizeBytes: size, fingerprint,
  };
}

/**
 * `${size}:${sha256 hex of the first MiB followed by the last MiB}`: cheap on large videos (reads
 * at most 2 MiB) yet changes when the content does, so a moved file can be recognised again.
 */
export async function contentFingerprint(path: string, size: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const n = Math.min(MIB, size);
    for (const pos of [0, size - n]) {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, pos);
      hash.update(buf.subarray(0, bytesRead));
    }
    return `${size}:${hash.digest('hex')}`;
  } finally {
    await fh.close();
  }
}

/** "30000/1001" -> 29.97; "0/0", "N/A" or missing -> null. */
export function rate(text: unknown): number | null {
  if (typeof text === 'number') return text > 0 ? text : null;
  const m = /^(\d+(?:\.\d+)?)(?:\/(\d+(?:\.\d+)?))?$/.exec(String(text ?? '').trim());
  if (!m) return null;
  const r = Number(m[1]) / (m[2] === undefined ? 1 : Number(m[2]));
  return Number.isFinite(r) && r > 0 ? r : null;
}

/**
 * Degrees clockwise to display the picture upright. ffprobe's display-matrix `rotation` is
 * counter-clockwise (so it is negated); the older `rotate` tag is already clockwise. The result is
 * snapped to 0/90/180/270.
 */
export function rotationOf(stream: FfprobeStream): number {
  const s = stream as FfprobeStream & { rotation?: unknown; side_data_list?: { rotation?: unknown }[] };
  // fluent-ffmpeg flattens [SIDE_DATA] keys into the stream; JSON output keeps a list.
  const side = num(s.rotation) ?? num(s.side_data_list?.find((d) => d.rotation != null)?.rotation);
  const cw = side != null ? -side : num((stream.tags as Record<string, unknown> | undefined)?.rotate) ?? 0;
  return ((Math.round(cw / 90) * 90) % 360 + 360) % 360;
}

function ffprobe(path: string): Promise<FfprobeData> {
  return new Promise((resolve, reject) => {
    ffmpeg.ffprobe(path, ['-v', 'error'], (err, data) => (err ? reject(err) : resolve(data)));
  });
}

/**
 * Rejects with the signal's reason as soon as it aborts. fluent-ffmpeg does not expose the ffprobe
 * child, so a probe still in flight finishes on its own (ffprobe reads only headers; it is short).
 */
function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function num(v: unknown): number | null {
  if (v == null || v === '' || v === 'N/A') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function fail(error: string): ProbeUpdate {
  return { status: 'error', error };
}
