import { renameSync, rmSync, statSync } from 'node:fs';
import ffmpeg from 'fluent-ffmpeg';
import { configureFluentFfmpeg } from './ffmpegPaths.js';
import { ffmpegErrorLine, runFfmpeg } from './runFfmpeg.js';

/** Options of {@link makeThumbnail}. */
export interface ThumbnailOptions {
  /** Where to grab the frame, seconds from the start (0 for still images). */
  atSeconds: number;
  /** Output width in pixels; height follows the aspect ratio (rounded to even). */
  width?: number;
  signal?: AbortSignal;
}

/**
 * Writes one frame of a video (or an image) as a JPEG `width` pixels wide, for the clip grid.
 * ffmpeg applies the file's rotation, so the thumbnail is upright. Writes to a temporary name and
 * renames, so an aborted run never leaves a half-written thumbnail behind.
 */
export async function makeThumbnail(inputPath: string, outPath: string, opts: ThumbnailOptions): Promise<void> {
  configureFluentFfmpeg(); // a missing ffmpeg is the app's problem, not this file's: let it through
  const width = Math.round(opts.width ?? 160);
  const tmp = `${outPath}.part.jpg`;
  const at = Math.max(0, opts.atSeconds);
  const command = ffmpeg(inputPath)
    .inputOptions(at > 0 ? ['-ss', at.toFixed(3)] : [])
    .outputOptions(['-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '3', '-f', 'image2', '-y'])
    .output(tmp);
  try {
    await runFfmpeg(command, { signal: opts.signal });
    if (!(statSync(tmp, { throwIfNoEntry: false })?.size)) {
      throw new Error(`no frame at ${at.toFixed(2)} s (is the file shorter than that?)`);
    }
    renameSync(tmp, outPath);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw new Error(`Could not make a thumbnail of ${inputPath}: ${ffmpegErrorLine(err, inputPath)}`, { cause: err });
  }
}
