import { evenly } from './sampling/strategies.js';

/**
 * Which strip a clip card scrubs over. A clip covers [start, end) of its media; hovering must show
 * only frames from that span. Choice made here (keeps the cache small and stays correct):
 * - a clip of the whole media uses the media's strip (`scrub/<mediaId>`), all tiles;
 * - a trimmed clip whose span holds at least half of the media strip's tiles reuses that strip,
 *   restricted to those tiles (no extra file: most trims cut a little off either end);
 * - a shorter trim gets its own strip of the span (`scrub/<mediaId>_<startMs>-<endMs>`): mapping it
 *   onto the media strip would leave it one tile or none. The span is in the key, so a changed
 *   trim names a new strip and the `media.scrub` job deletes strips no clip spans any more.
 *   Trimming does not queue that job (an annotator trimming clip after clip would fill the jobs
 *   panel with cache chores): until the next `media.scrub` run the card scrubs over the media
 *   strip's tiles that fall inside the span, or shows none when no tile does.
 */

/** Tiles in a strip (the `media.scrub` job's default; the grid assumes it). */
export const SCRUB_TILES = 10;

/** A trimmed clip may reuse the media strip when at least this many of its tiles fall in the span. */
export const MIN_SPAN_TILES = SCRUB_TILES / 2;

/** Up to this length (s) a strip decodes the video once (frames picked by number); longer ones seek per tile. */
export const ONE_PASS_MAX_SECONDS = 30;

/** Part of a media file, seconds. */
export interface Span {
  start: number;
  end: number;
}

/** What the probe knows of a video, enough to place a strip's tiles in time. */
export interface StripMedia {
  /** Seconds. */
  duration: number;
  frameCount?: number | null;
}

/** Where a strip's tiles come from: frame numbers (one decode) or seek times in seconds. */
export type TilePlan = { frames: number[] } | { seconds: number[] };

/** Spans closer than this (s) to the media's ends count as reaching them (clip ends are rounded). */
const EDGE_S = 1e-3;

/**
 * The tiles of a strip of `span` (default: the whole media): tile i is frame or time (i + 0.5) / n
 * of the span. Short videos with a known frame count pick frame numbers so ffmpeg decodes once.
 */
export function planTiles(media: StripMedia, n = SCRUB_TILES, span?: Span): TilePlan {
  const { start, end } = span ?? { start: 0, end: media.duration };
  const fc = media.frameCount ?? 0;
  if (fc >= n && media.duration > 0 && media.duration <= ONE_PASS_MAX_SECONDS) {
    const fps = fc / media.duration;
    const first = Math.max(0, Math.ceil(start * fps - 1e-6));
    const last = Math.min(fc, Math.ceil(end * fps - 1e-6)); // exclusive: the first frame at or after `end`
    if (last - first >= n) return { frames: evenly(n, last - first).map((k) => first + k) };
  }
  return { seconds: Array.from({ length: n }, (_, i) => Math.max(0, start + ((i + 0.5) * (end - start)) / n)) };
}

/** Time (s) each tile of a plan shows. */
export function tileSeconds(plan: TilePlan, media: StripMedia): number[] {
  if ('seconds' in plan) return plan.seconds;
  const fps = (media.frameCount ?? 0) / media.duration;
  return plan.frames.map((k) => k / fps);
}

/** The span of a clip inside its media, null when it is the whole media. */
export function clipSpan(clip: { start: number; end: number | null }, duration: number): Span | null {
  const end = clip.end == null ? duration : Math.min(clip.end, duration);
  const start = Math.max(0, clip.start);
  if (start <= EDGE_S && end >= duration - EDGE_S) return null;
  return { start, end };
}

/** How one clip scrubs: the media strip (all tiles or an inclusive tile range) or a strip of its own span. */
export type ScrubSource = { strip: 'media'; tiles: [number, number] | null } | { strip: 'span'; span: Span };

/** Chooses the strip for a clip (see the file comment); `n` = tiles of the media strip. */
export function scrubSource(clip: { start: number; end: number | null }, media: StripMedia, n = SCRUB_TILES): ScrubSource {
  const span = clipSpan(clip, media.duration);
  if (!span) return { strip: 'media', tiles: null };
  const inside = tilesInside(span, media, n);
  if (inside && inside[1] - inside[0] + 1 >= Math.min(n, MIN_SPAN_TILES)) return { strip: 'media', tiles: inside };
  return { strip: 'span', span };
}

/** The media strip's tiles that show a moment inside `span`, as an inclusive range, or null when none does. */
export function tilesInside(span: Span, media: StripMedia, n = SCRUB_TILES): [number, number] | null {
  const inside = tileSeconds(planTiles(media, n), media)
    .map((t, i) => (t >= span.start - EDGE_S && t < span.end ? i : -1)).filter((i) => i >= 0);
  return inside.length ? [inside[0]!, inside.at(-1)!] : null;
}

/** File-name stem of a span strip: milliseconds, so the same trim always names the same file. */
export function spanStem(mediaId: number, span: Span): string {
  return `${mediaId}_${Math.round(span.start * 1000)}-${Math.round(span.end * 1000)}`;
}
