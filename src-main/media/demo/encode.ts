import { renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { ffmpegEncoders } from '../ffmpegPaths.js';
import { ffmpegErrorLine, runFfmpeg } from '../runFfmpeg.js';

/** Frame geometry and rate of raw frames handed to {@link encodeRgbFrames}. */
export interface RawVideoFormat {
  /** Pixels; both must be even (yuv420p). */
  width: number;
  height: number;
  /** Frames per second. */
  fps: number;
}

/** Output options: H.264 when this ffmpeg has libx264, else MPEG-4 Part 2 at high quality. */
export function encoderOptions(): string[] {
  return ffmpegEncoders().has('libx264')
    ? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18']
    : ['-c:v', 'mpeg4', '-q:v', '2'];
}

/**
 * Encodes rgb24 frames (`Uint8Array` frames x height x width x 3) piped through ffmpeg's stdin into
 * an mp4 (yuv420p, faststart). Writes a temporary file and renames it, so `outPath` only ever
 * exists complete; aborting kills ffmpeg and removes the partial file.
 */
export async function encodeRgbFrames(frames: Uint8Array, fmt: RawVideoFormat, outPath: string,
  signal?: AbortSignal): Promise<void> {
  const tmp = `${outPath}.part.mp4`;
  const input = Readable.from([Buffer.from(frames.buffer, frames.byteOffset, frames.byteLength)]);
  const command = ffmpeg()
    .input(input)
    .inputOptions(['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${fmt.width}x${fmt.height}`, '-framerate', String(fmt.fps)])
    .outputOptions([...encoderOptions(), '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-an', '-f', 'mp4', '-y'])
    .output(tmp);
  try {
    await runFfmpeg(command, { signal });
    renameSync(tmp, outPath);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (signal?.aborted) throw signal.reason;
    throw new Error(`Could not encode ${outPath}: ${ffmpegErrorLine(err)}`, { cause: err });
  }
}
