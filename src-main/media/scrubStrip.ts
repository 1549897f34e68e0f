import { renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import { configureFluentFfmpeg } from './ffmpegPaths.js';
import { selectExpr } from './decode.js';
import { ffmpegErrorLine, runFfmpeg } from './runFfmpeg.js';
import { evenly } from './sampling/strategies.js';

/** Up to this length (s) a strip decodes the whole video once; longer ones seek once per tile. */
const ONE_PASS_MAX_SECONDS = 30;

/** Where the hover-scrub strip of a media row lives: `<cacheDir>/scrub/<mediaId>.jpg` (file key `scrub/<mediaId>`). */
export function scrubStripPath(cacheDir: string, mediaId: number): string {
  return join(cacheDir, 'scrub', `${mediaId}.jpg`);
}

/** Options of {@link makeScrubStrip}. */
export interface ScrubStripOptions {
  /** Media duration in seconds (from the probe). */
  duration: number;
  /** Frames in the video (from the probe): short videos are then decoded once, which beats ten seeks. */
  frameCount?: number | null;
  /** Tiles in the strip; default 10. */
  frames?: number;
  /** Width of one tile in pixels (height follows the aspect ratio, even); default 160 like the thumbnails. */
  tileWidth?: number;
  signal?: AbortSignal;
}

/**
 * Writes the hover-scrub sprite of a video: `frames` tiles side by side (one JPEG, tile i shows
 * the frame at (i + 0.5) / frames of the duration), so the grid can scrub by shifting a background.
 * Short videos are decoded once (frames picked by number); long ones seek once per tile, so the cost
 * does not grow with the video's length. Writes to a
 * temporary name and renames, so an aborted run leaves nothing behind.
 */
export async function makeScrubStrip(inputPath: string, outPath: string, opts: ScrubStripOptions): Promise<void> {
  configureFluentFfmpeg();
  const n = Math.max(1, Math.round(opts.frames ?? 10));
  const width = Math.round(opts.tileWidth ?? 160);
  const tmp = `${outPath}.part.jpg`;
  const command = ffmpeg();
  if (opts.frameCount && opts.frameCount >= n && opts.duration <= ONE_PASS_MAX_SECONDS) {
    const pick = selectExpr(evenly(n, opts.frameCount));
    command.input(inputPath).videoFilters(`${pick},scale=${width}:-2,setsar=1,tile=${n}x1`)
      .outputOptions(['-an', '-fps_mode', 'passthrough', '-frames:v', '1', '-q:v', '4', '-f', 'image2', '-y']).output(tmp);
  } else {
    for (let i = 0; i < n; i++) {
      const at = Math.max(0, ((i + 0.5) * opts.duration) / n);
      command.input(inputPath).inputOptions(['-ss', at.toFixed(3)]);
    }
    // All inputs are the same file, so every tile has the same size and they stack side by side.
    const tiles = Array.from({ length: n }, (_, i) => `[${i}:v:0]trim=end_frame=1,scale=${width}:-2,setsar=1[t${i}]`);
    const graph = n === 1 ? tiles[0]!.replace('[t0]', '[out]')
      : `${tiles.join(';')};${tiles.map((_, i) => `[t${i}]`).join('')}hstack=inputs=${n}[out]`;
    command.complexFilter(graph).outputOptions(['-map', '[out]', '-frames:v', '1', '-q:v', '4', '-f', 'image2', '-y']).output(tmp);
  }
  try {
    await runFfmpeg(command, { signal: opts.signal });
    if (!(statSync(tmp, { throwIfNoEntry: false })?.size)) throw new Error('no frames could be decoded');
    renameSync(tmp, outPath);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw new Error(`Could not make a scrub strip of ${inputPath}: ${ffmpegErrorLine(err, inputPath)}`, { cause: err });
  }
}
