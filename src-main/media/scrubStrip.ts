import { renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import { configureFluentFfmpeg } from './ffmpegPaths.js';
import { selectExpr } from './decode.js';
import { ffmpegErrorLine, runFfmpeg } from './runFfmpeg.js';
import { planTiles, spanStem, type Span } from './scrubSpans.js';

/**
 * Where a hover-scrub strip lives: `<cacheDir>/scrub/<mediaId>.jpg` for the whole media (file key
 * `scrub/<mediaId>`), `<mediaId>_<startMs>-<endMs>.jpg` for a trimmed clip's span (see scrubSpans.ts).
 */
export function scrubStripPath(cacheDir: string, mediaId: number, span?: Span | null): string {
  return join(cacheDir, 'scrub', `${span ? spanStem(mediaId, span) : mediaId}.jpg`);
}

/** File key the grid loads a strip by (resolved by `resolveFileKey`). */
export function scrubFileKey(mediaId: number, span?: Span | null): string {
  return `scrub/${span ? spanStem(mediaId, span) : mediaId}`;
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
  /** Only this part of the video (a trimmed clip); default the whole of it. */
  span?: Span | null;
  signal?: AbortSignal;
}

/**
 * Writes the hover-scrub sprite of a video or of a span of it: `frames` tiles side by side (one
 * JPEG, tile i shows the frame at (i + 0.5) / frames of the span, see `planTiles`), so the grid can
 * scrub by shifting a background.
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
  const plan = planTiles(opts, n, opts.span ?? undefined);
  if ('frames' in plan) {
    const pick = selectExpr(plan.frames);
    command.input(inputPath).videoFilters(`${pick},scale=${width}:-2,setsar=1,tile=${n}x1`)
      .outputOptions(['-an', '-fps_mode', 'passthrough', '-frames:v', '1', '-q:v', '4', '-f', 'image2', '-y']).output(tmp);
  } else {
    for (const at of plan.seconds) command.input(inputPath).inputOptions(['-ss', at.toFixed(3)]);
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
